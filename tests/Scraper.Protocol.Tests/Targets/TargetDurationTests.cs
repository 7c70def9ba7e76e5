using Scraper.Protocol.Targets;

namespace Scraper.Protocol.Tests.Targets;

public class TargetDurationTests
{
    [Theory]
    [InlineData("0", 0L)]
    [InlineData("0s", 0L)]
    [InlineData("15s", 15_000L)]
    [InlineData("1m30s", 90_000L)]
    [InlineData("90s", 90_000L)]
    [InlineData("5ms", 5L)]
    [InlineData("1m5ms", 60_005L)]
    [InlineData("1h", 3_600_000L)]
    [InlineData("1d", 86_400_000L)]
    [InlineData("2w", 1_209_600_000L)]
    [InlineData("1y", 31_536_000_000L)]
    [InlineData("1y2w3d4h5m6s7ms", 31_536_000_000L + 1_209_600_000L + 259_200_000L + 14_400_000L + 300_000L + 6_000L + 7L)]
    [InlineData("292y", 292L * 31_536_000_000L)]
    [InlineData("106751d", 106_751L * 86_400_000L)]
    public void TryParse_valid(string text, long milliseconds)
    {
        Assert.True(TargetDuration.TryParse(text, out var value, out var error));
        Assert.Null(error);
        Assert.Equal(TimeSpan.FromMilliseconds(milliseconds), value);
    }

    [Theory]
    [InlineData("", "empty duration string")]
    [InlineData("5x", "not a valid duration string: \"5x\"")]
    [InlineData("1s1m", "not a valid duration string: \"1s1m\"")]
    [InlineData("1m1m", "not a valid duration string: \"1m1m\"")]
    [InlineData("1.5s", "not a valid duration string: \"1.5s\"")]
    [InlineData("-1s", "not a valid duration string: \"-1s\"")]
    [InlineData("s", "not a valid duration string: \"s\"")]
    [InlineData("10", "not a valid duration string: \"10\"")]
    [InlineData("1S", "not a valid duration string: \"1S\"")]
    [InlineData(" 1s", "not a valid duration string: \" 1s\"")]
    [InlineData("300y", "duration out of range")]
    [InlineData("106752d", "duration out of range")] // 2^63 - 1 ns is 106751.99 days
    [InlineData("99999999999999999999s", "duration out of range")]
    public void TryParse_invalid_prometheusMessage(string text, string error)
    {
        Assert.False(TargetDuration.TryParse(text, out _, out var message));
        Assert.Equal(error, message);
    }

    [Theory]
    [InlineData(0L, "0s")]
    [InlineData(15_000L, "15s")]
    [InlineData(90_000L, "1m30s")]
    [InlineData(1_500L, "1s500ms")]
    [InlineData(3_600_000L, "1h")]
    [InlineData(86_400_000L, "1d")]
    [InlineData(1_209_600_000L, "2w")]
    [InlineData(31_536_000_000L, "1y")]
    [InlineData(32_140_800_000L, "372d")] // 1y1w is neither whole years nor whole weeks
    [InlineData(90_061_001L, "1d1h1m1s1ms")]
    public void Format_asModelDurationString(long milliseconds, string expected)
    {
        Assert.Equal(expected, TargetDuration.Format(TimeSpan.FromMilliseconds(milliseconds)));
    }
}
