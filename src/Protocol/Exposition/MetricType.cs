namespace Scraper.Protocol.Exposition;

/// <summary>A metric family's type from a <c># TYPE</c> line. Prometheus text's <c>untyped</c> reads as <see cref="Unknown"/>.</summary>
public enum MetricType
{
    /// <summary><c>unknown</c> (OpenMetrics) or <c>untyped</c> (Prometheus text), and the type of families without a TYPE line.</summary>
    Unknown = 0,

    /// <summary><c>counter</c>.</summary>
    Counter,

    /// <summary><c>gauge</c>.</summary>
    Gauge,

    /// <summary><c>histogram</c>.</summary>
    Histogram,

    /// <summary><c>gaugehistogram</c> (OpenMetrics only).</summary>
    GaugeHistogram,

    /// <summary><c>summary</c>.</summary>
    Summary,

    /// <summary><c>info</c> (OpenMetrics only).</summary>
    Info,

    /// <summary><c>stateset</c> (OpenMetrics only).</summary>
    StateSet,
}
