namespace Scraper.Actors.Configuration;

/// <summary>
/// The exposition formats a scrape may ask for (<c>scrape_protocols</c>), by Prometheus's names.
/// See <see cref="ScrapeProtocols"/> for the names and the media types.
/// </summary>
public enum ScrapeProtocol
{
    /// <summary><c>PrometheusProto</c>: the protobuf format, length-delimited MetricFamily messages.</summary>
    PrometheusProto,

    /// <summary><c>PrometheusText0.0.4</c>: the classic text format.</summary>
    PrometheusText004,

    /// <summary><c>PrometheusText1.0.0</c>: the text format with UTF-8 names.</summary>
    PrometheusText100,

    /// <summary><c>OpenMetricsText0.0.1</c>.</summary>
    OpenMetricsText001,

    /// <summary><c>OpenMetricsText1.0.0</c>.</summary>
    OpenMetricsText100,
}
