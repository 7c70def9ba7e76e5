using Scraper.Actors.Scrape;

namespace Scraper.Actors.Tests.Scrape;

public sealed class GoDurationTests
{
    [Theory]
    [InlineData(0, "0s")]
    [InlineData(1_000, "1s")]
    [InlineData(15_000, "15s")]
    [InlineData(60_000, "1m0s")]
    [InlineData(90_000, "1m30s")]
    [InlineData(3_600_000, "1h0m0s")]
    [InlineData(5_430_000, "1h30m30s")]
    [InlineData(1_500, "1.5s")]
    [InlineData(500, "500ms")]
    [InlineData(1, "1ms")]
    public void Format_milliseconds_prints_like_go(long milliseconds, string expected) =>
        Assert.Equal(expected, GoDuration.Format(TimeSpan.FromMilliseconds(milliseconds)));

    [Theory]
    [InlineData(1, "100ns")]
    [InlineData(15, "1.5µs")]
    [InlineData(15_000, "1.5ms")]
    [InlineData(12_345_678, "1.2345678s")]
    public void Format_ticks_prints_fractions_without_trailing_zeros(long ticks, string expected) =>
        Assert.Equal(expected, GoDuration.Format(TimeSpan.FromTicks(ticks)));
}
