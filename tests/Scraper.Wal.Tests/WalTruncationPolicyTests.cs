namespace Scraper.Wal.Tests;

public class WalTruncationPolicyTests
{
    private const long Minute = 60_000;
    private const long Hour = 60 * Minute;

    public static TheoryData<long, long, long> DefaultCases => new()
    {
        // lowest sent, now, expected cutoff (defaults: min 5m, max 4h)
        { 10 * Hour, 10 * Hour, (10 * Hour) - (5 * Minute) },   // caught up: keep five minutes
        { 0, 20 * Hour, 16 * Hour },                            // nothing sent: keep at most four hours
        { 1 * Hour, 100 * Hour, 96 * Hour },                    // endpoint far behind: max_wal_time wins
        { 2 * Minute, 1 * Hour, 0 },                            // lowest minus min below zero: clamped to 0
        { 9 * Hour, 12 * Hour, (9 * Hour) - (5 * Minute) },     // behind but within four hours
    };

    [Theory]
    [MemberData(nameof(DefaultCases))]
    public void TruncationTimestamp_defaults_isLowestSentMinusMinBoundedByMax(long lowest, long now, long expected)
    {
        Assert.Equal(expected, WalTruncationPolicy.TruncationTimestamp(lowest, now, new WalTruncationOptions()));
    }

    [Fact]
    public void TruncationTimestamp_customTimes_areUsed()
    {
        var o = new WalTruncationOptions
        {
            TruncateFrequency = TimeSpan.FromMinutes(10),
            MinWalTime = TimeSpan.FromMinutes(30),
            MaxWalTime = TimeSpan.FromHours(1),
        };
        Assert.Equal((5 * Hour) - (30 * Minute), WalTruncationPolicy.TruncationTimestamp(5 * Hour, 5 * Hour, o));
        Assert.Equal(4 * Hour, WalTruncationPolicy.TruncationTimestamp(1 * Hour, 5 * Hour, o));
    }

    [Fact]
    public void Defaults_areThoseOfPrometheusAgent()
    {
        var o = new WalTruncationOptions();
        Assert.Equal(TimeSpan.FromHours(2), o.TruncateFrequency);
        Assert.Equal(TimeSpan.FromMinutes(5), o.MinWalTime);
        Assert.Equal(TimeSpan.FromHours(4), o.MaxWalTime);
    }

    public static TheoryData<int, int, int, int, int, int> NormalizeCases => new()
    {
        // frequency, min, max (minutes) -> normalized frequency, min, max
        { 0, 0, 0, 120, 5, 240 },
        { -1, -1, -1, 120, 5, 240 },
        { 10, 300, 60, 10, 300, 300 },   // min above max: max raised to min
        { 600, 5, 240, 600, 5, 600 },    // max below the frequency: raised to the frequency
        { 30, 1, 90, 30, 1, 90 },
    };

    [Theory]
    [MemberData(nameof(NormalizeCases))]
    public void Normalize_appliesPrometheusValidation(int freq, int min, int max, int eFreq, int eMin, int eMax)
    {
        var n = new WalTruncationOptions
        {
            TruncateFrequency = TimeSpan.FromMinutes(freq),
            MinWalTime = TimeSpan.FromMinutes(min),
            MaxWalTime = TimeSpan.FromMinutes(max),
        }.Normalize();
        Assert.Equal(
            (TimeSpan.FromMinutes(eFreq), TimeSpan.FromMinutes(eMin), TimeSpan.FromMinutes(eMax)),
            (n.TruncateFrequency, n.MinWalTime, n.MaxWalTime));
    }

    [Theory]
    [InlineData(119, false)]
    [InlineData(120, true)]
    [InlineData(500, true)]
    public void IsDue_afterTheFrequency(int minutesSince, bool due)
    {
        var last = new DateTimeOffset(2025, 1, 1, 0, 0, 0, TimeSpan.Zero);
        Assert.Equal(due, WalTruncationPolicy.IsDue(last, last.AddMinutes(minutesSince), new WalTruncationOptions()));
    }

    [Theory]
    [InlineData(0, 0, null, null)]
    [InlineData(0, 1, null, null)]
    [InlineData(0, 2, null, null)]
    [InlineData(0, 3, 0, 1)]
    [InlineData(0, 4, 0, 2)]
    [InlineData(5, 11, 5, 8)]
    [InlineData(5, 5, null, null)]
    [InlineData(10, 40, 10, 29)]
    public void CheckpointRange_lowerTwoThirdsWithoutTheNewestSegment(int first, int last, int? eFirst, int? eLast)
    {
        var range = WalTruncationPolicy.CheckpointRange(first, last);
        Assert.Equal(eFirst is null ? null : (eFirst.Value, eLast!.Value), range);
    }
}
