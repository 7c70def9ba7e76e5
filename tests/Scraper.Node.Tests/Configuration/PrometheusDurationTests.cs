using Scraper.Protocol.Model;

namespace Scraper.Node.Tests.Configuration;

public sealed class PrometheusDurationTests
{
    private const long Second = 1000;
    private const long Minute = 60 * Second;
    private const long Hour = 60 * Minute;
    private const long Day = 24 * Hour;

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
    [InlineData("2h", 2 * Hour)]
    [InlineData("1d", Day)]
    [InlineData("1w", 7 * Day)]
    [InlineData("1y", 365 * Day)]
    [InlineData("1y2w3d4h5m6s7ms", (365 * Day) + (14 * Day) + (3 * Day) + (4 * Hour) + (5 * Minute) + (6 * Second) + 7)]
    [InlineData("106751d", 106751 * Day)]
    [InlineData("2562047h", 2562047 * Hour)]
    public void Parse_valid_returnsMilliseconds(string text, long expectedMs)
    {
        Assert.Equal(TimeSpan.FromMilliseconds(expectedMs), PrometheusDuration.Parse(text));
        Assert.True(PrometheusDuration.TryParse(text, out var value));
        Assert.Equal(TimeSpan.FromMilliseconds(expectedMs), value);
    }

    [Theory]
    [InlineData("", "empty duration string")]
    [InlineData("1", "not a valid duration string: \"1\"")]
    [InlineData("s", "not a valid duration string")]
    [InlineData("-1s", "not a valid duration string")]
    [InlineData(" 1s", "not a valid duration string")]
    [InlineData("1h1h", "not a valid duration string")]
    [InlineData("1d2y", "not a valid duration string")]
    [InlineData("1s1m", "not a valid duration string")]
    [InlineData("1.5s", "unknown unit \".\"")]
    [InlineData("1S", "unknown unit \"S\"")]
    [InlineData("1M", "unknown unit \"M\"")]
    [InlineData("1s ", "unknown unit \"s \"")]
    [InlineData("300y", "duration out of range")]
    [InlineData("106752d", "duration out of range")]
    [InlineData("2562048h", "duration out of range")]
    [InlineData("99999999999999999999s", "not a valid duration string")]
    public void Parse_invalid_failsWithPrometheusReason(string text, string reason)
    {
        Assert.False(PrometheusDuration.TryParse(text, out _, out var error));
        Assert.Contains(reason, error, StringComparison.Ordinal);
        var e = Assert.Throws<FormatException>(() => PrometheusDuration.Parse(text));
        Assert.Contains(reason, e.Message, StringComparison.Ordinal);
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
    [InlineData(14 * Day, "2w")]
    [InlineData(90 * Day, "90d")]
    [InlineData(365 * Day, "1y")]
    [InlineData(366 * Day, "366d")]
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
