namespace Scraper.Wal;

/// <summary>The metric type byte of a metadata record (Prometheus's <c>record.MetricType</c>).</summary>
public enum WalMetricType : byte
{
    /// <summary>Unknown or untyped.</summary>
    Unknown = 0,

    /// <summary>Counter.</summary>
    Counter = 1,

    /// <summary>Gauge.</summary>
    Gauge = 2,

    /// <summary>Histogram (classic or native).</summary>
    Histogram = 3,

    /// <summary>Gauge histogram.</summary>
    GaugeHistogram = 4,

    /// <summary>Summary.</summary>
    Summary = 5,

    /// <summary>Info.</summary>
    Info = 6,

    /// <summary>State set.</summary>
    StateSet = 7,
}
