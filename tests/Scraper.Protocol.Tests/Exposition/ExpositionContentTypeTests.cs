using Scraper.Protocol.Exposition;

namespace Scraper.Protocol.Tests.Exposition;

/// <summary>Content negotiation as Prometheus 2.42 does it (textparse.New over Go's mime.ParseMediaType).</summary>
public sealed class ExpositionContentTypeTests
{
    [Theory]
    [InlineData(null, ExpositionFormat.PrometheusText)]
    [InlineData("", ExpositionFormat.PrometheusText)]
    [InlineData("text/plain; version=0.0.4; charset=utf-8", ExpositionFormat.PrometheusText)]
    [InlineData("text/plain", ExpositionFormat.PrometheusText)]
    [InlineData("application/openmetrics-text; version=1.0.0; charset=utf-8", ExpositionFormat.OpenMetrics)]
    [InlineData("application/openmetrics-text;version=0.0.1", ExpositionFormat.OpenMetrics)]
    [InlineData("application/openmetrics-text", ExpositionFormat.OpenMetrics)]
    [InlineData("Application/OpenMetrics-Text; Version=1.0.0", ExpositionFormat.OpenMetrics)]
    [InlineData("  application/openmetrics-text  ;  version = \"1.0.0\" ", ExpositionFormat.OpenMetrics)]
    [InlineData("application/openmetrics-text; version=1.0.0;", ExpositionFormat.OpenMetrics)]
    [InlineData("application/openmetrics-text; version", ExpositionFormat.PrometheusText)]
    [InlineData("application/openmetrics-text; version=1.0.0; version=0.0.1", ExpositionFormat.PrometheusText)]
    [InlineData("application/openmetrics-text; version=\"1.0.0", ExpositionFormat.PrometheusText)]
    [InlineData("application/openmetrics-text/x", ExpositionFormat.PrometheusText)]
    [InlineData("application/openmetrics", ExpositionFormat.PrometheusText)]
    [InlineData("application/vnd.google.protobuf; proto=io.prometheus.client.MetricFamily; encoding=delimited", ExpositionFormat.PrometheusText)]
    [InlineData("application/json", ExpositionFormat.PrometheusText)]
    [InlineData("garbage", ExpositionFormat.PrometheusText)]
    public void FormatOf_contentType_choosesTheParserPrometheusWould(string? contentType, ExpositionFormat expected)
    {
        Assert.Equal(expected, ExpositionContentType.FormatOf(contentType));
    }

    [Fact]
    public void ScrapeAcceptHeader_isWhatPrometheus242Sends()
    {
        // Captured from a scrape request of prometheus 2.42.0 (native histograms off).
        Assert.Equal(
            "application/openmetrics-text;version=1.0.0,application/openmetrics-text;version=0.0.1;q=0.75,text/plain;version=0.0.4;q=0.5,*/*;q=0.1",
            ExpositionContentType.ScrapeAcceptHeader);
    }

    [Fact]
    public void Parser_fromContentType_usesTheChosenFormat()
    {
        var om = new ExpositionParser("a 1\n"u8, "application/openmetrics-text; version=1.0.0");
        var text = new ExpositionParser("a 1\n"u8, "text/plain; version=0.0.4");

        Assert.Equal(ExpositionFormat.OpenMetrics, om.Format);
        Assert.Equal(ExpositionEntry.Series, om.Next());
        Assert.Equal(ExpositionEntry.Error, om.Next());
        Assert.Equal(ExpositionFormat.PrometheusText, text.Format);
        Assert.Equal(ExpositionEntry.Series, text.Next());
        Assert.Equal(ExpositionEntry.End, text.Next());
    }
}
