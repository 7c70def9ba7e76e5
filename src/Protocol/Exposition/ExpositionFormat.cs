namespace Scraper.Protocol.Exposition;

/// <summary>The text formats a scrape body can be in; pick one with <see cref="ExpositionContentType.FormatOf"/>.</summary>
public enum ExpositionFormat
{
    /// <summary>Prometheus text format 0.0.4 (<c>text/plain; version=0.0.4</c>), also the fallback for any other type.</summary>
    PrometheusText = 0,

    /// <summary>OpenMetrics 1.0 text (<c>application/openmetrics-text</c>): strict spacing, <c># EOF</c> required.</summary>
    OpenMetrics = 1,
}
