using Scraper.Actors.Configuration;
using Scraper.Actors.Scrape;
using Scraper.Protocol.Exposition;

namespace Scraper.Actors.Tests.Scrape;

public sealed class ScrapeAcceptHeaderTests
{
    [Fact]
    public void For_default_protocols_is_what_prometheus_2_42_sends() =>
        Assert.Equal(ExpositionContentType.ScrapeAcceptHeader, ScrapeAcceptHeader.For(ScrapeProtocols.Default));

    [Fact]
    public void For_configured_protocols_weights_them_in_order()
    {
        var header = ScrapeAcceptHeader.For([ScrapeProtocol.PrometheusText004, ScrapeProtocol.OpenMetricsText100]);
        Assert.Equal("text/plain;version=0.0.4;q=0.6,application/openmetrics-text;version=1.0.0;q=0.5,*/*;q=0.4", header);
    }

    [Theory]
    [InlineData(true, "gzip")]
    [InlineData(false, "identity")]
    public void Encoding_follows_enable_compression(bool enabled, string expected) =>
        Assert.Equal(expected, ScrapeAcceptHeader.Encoding(enabled));
}
