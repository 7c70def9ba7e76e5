using Scraper.Protocol.Model;

namespace Scraper.Protocol.Tests.Model;

/// <summary>
/// model.ParseDuration and model.Duration.String as Prometheus 2.42 has them; the error texts are the ones
/// <c>promtool check config</c> 2.42 prints for the same durations.
/// </summary>
public sealed class PrometheusDurationTests
{
    private const long Second = 1000;
    private const long Minute = 60 * Second;
    private const long Hour = 60 * Minute;
    private const long Day = 24 * Hour;
    private const long Year = 365 * Day;

    [Theory]
    [InlineData("0", 0L)]
    [InlineData("0s", 0L)]
    [InlineData("0ms", 0L)]
    [InlineData("1ms", 1L)]
    [InlineData("15s", 15 * Second)]
    [InlineData("01s", Second)]
    [InlineData("60000ms", Minute)]
    [InlineData("1m30s", 90 * Second)]
    [InlineData("1m0s", Minute)]
    [InlineData("1m5ms", Minute + 5)]
    [InlineData("2h", 2 * Hour)]
    [InlineData("1d", Day)]
    [InlineData("1w", 7 * Day)]
    [InlineData("2w", 14 * Day)]
    [InlineData("1y", Year)]
    [InlineData("1y2w3d4h5m6s7ms", Year + (14 * Day) + (3 * Day) + (4 * Hour) + (5 * Minute) + (6 * Second) + 7)]
    [InlineData("292y", 292 * Year)]
    [InlineData("106751d", 106751 * Day)]
    [InlineData("2562047h", 2562047 * Hour)]
    public void Parse_valid_returnsMilliseconds(string text, long expectedMs)
    {
        Assert.Equal(TimeSpan.FromMilliseconds(expectedMs), PrometheusDuration.Parse(text));
        Assert.True(PrometheusDuration.TryParse(text, out var value, out var error));
        Assert.Null(error);
        Assert.Equal(TimeSpan.FromMilliseconds(expectedMs), value);
    }

    [Theory]
    [InlineData("", "empty duration string")]
    [InlineData("1", "not a valid duration string: \"1\"")]
    [InlineData("10", "not a valid duration string: \"10\"")]
    [InlineData("s", "not a valid duration string: \"s\"")]
    [InlineData("-1s", "not a valid duration string: \"-1s\"")]
    [InlineData(" 1s", "not a valid duration string: \" 1s\"")]
    [InlineData("1h1h", "not a valid duration string: \"1h1h\"")]
    [InlineData("1m1m", "not a valid duration string: \"1m1m\"")]
    [InlineData("1d2y", "not a valid duration string: \"1d2y\"")]
    [InlineData("1s1m", "not a valid duration string: \"1s1m\"")]
    [InlineData("5x", "not a valid duration string: \"5x\"")]
    [InlineData("1.5s", "not a valid duration string: \"1.5s\"")]
    [InlineData("1S", "not a valid duration string: \"1S\"")]
    [InlineData("1M", "not a valid duration string: \"1M\"")]
    [InlineData("1s ", "not a valid duration string: \"1s \"")]
    [InlineData("1s\n", "not a valid duration string: \"1s\\n\"")]
    [InlineData("1s\"x", "not a valid duration string: \"1s\\\"x\"")]
    [InlineData("1ß", "not a valid duration string: \"1ß\"")]
    [InlineData("300y", "duration out of range")]
    [InlineData("106752d", "duration out of range")] // 2^63 - 1 ns is 106751.99 days
    [InlineData("2562048h", "duration out of range")]
    [InlineData("99999999999999999999s", "duration out of range")] // Go's Atoi saturates, then the range check fails
    public void Parse_invalid_failsWithPrometheus242Reason(string text, string reason)
    {
        Assert.False(PrometheusDuration.TryParse(text, out _, out var error));
        Assert.Equal(reason, error);
        var e = Assert.Throws<FormatException>(() => PrometheusDuration.Parse(text));
        Assert.Equal(reason, e.Message);
    }

    [Theory]
    [InlineData(0L, "0s")]
    [InlineData(1L, "1ms")]
    [InlineData(15 * Second, "15s")]
    [InlineData(90 * Second, "1m30s")]
    [InlineData(1500L, "1s500ms")]
    [InlineData(2 * Hour, "2h")]
    [InlineData(Hour + Second, "1h1s")]
    [InlineData(Day, "1d")]
    [InlineData(Day + Hour + Minute + Second + 1, "1d1h1m1s1ms")]
    [InlineData(14 * Day, "2w")]
    [InlineData(90 * Day, "90d")]
    [InlineData(Year, "1y")]
    [InlineData(366 * Day, "366d")]
    [InlineData(Year + (7 * Day), "372d")] // 1y1w is neither whole years nor whole weeks
    [InlineData(730 * Day, "2y")]
    [InlineData(-90 * Second, "-1m30s")]
    public void Format_printsPrometheusCanonicalForm(long ms, string expected)
    {
        Assert.Equal(expected, PrometheusDuration.Format(TimeSpan.FromMilliseconds(ms)));
    }

    [Fact]
    public void Format_subMillisecond_isZero()
    {
        Assert.Equal("0s", PrometheusDuration.Format(TimeSpan.FromTicks(5000)));
    }

    [Theory]
    [InlineData("1y2w3d4h5m6s7ms")]
    [InlineData("12w6d")]
    [InlineData("25h")]
    [InlineData("61m")]
    [InlineData("106751d")]
    public void Format_ofParsed_parsesBackToSameValue(string text)
    {
        var value = PrometheusDuration.Parse(text);
        Assert.Equal(value, PrometheusDuration.Parse(PrometheusDuration.Format(value)));
    }
}
