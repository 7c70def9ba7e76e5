namespace Scraper.Protocol.RemoteWrite;

/// <summary>
/// The metric type carried in remote-write metadata. The numbers are the wire values of both
/// <c>prometheus.MetricMetadata.MetricType</c> (1.0) and <c>io.prometheus.write.v2.Metadata.MetricType</c> (2.0),
/// which agree, so the encoder writes them as they are.
/// </summary>
public enum RemoteWriteMetricType
{
    /// <summary>No type known (<c>UNKNOWN</c> in 1.0, <c>METRIC_TYPE_UNSPECIFIED</c> in 2.0).</summary>
    Unknown = 0,

    /// <summary>A counter.</summary>
    Counter = 1,

    /// <summary>A gauge.</summary>
    Gauge = 2,

    /// <summary>A histogram.</summary>
    Histogram = 3,

    /// <summary>A gauge histogram (OpenMetrics).</summary>
    GaugeHistogram = 4,

    /// <summary>A summary.</summary>
    Summary = 5,

    /// <summary>An info metric (OpenMetrics).</summary>
    Info = 6,

    /// <summary>A state set (OpenMetrics).</summary>
    StateSet = 7,
}
