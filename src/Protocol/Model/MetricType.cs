namespace Scraper.Protocol.Model;

/// <summary>
/// A metric family's type, as a scrape's <c># TYPE</c> line names it, the WAL's metadata records store it and
/// remote write sends it. The numbers are the wire values of all three, which agree: Prometheus's
/// <c>record.MetricType</c> byte in a WAL metadata record, <c>prometheus.MetricMetadata.MetricType</c> (remote
/// write 1.0) and <c>io.prometheus.write.v2.Metadata.MetricType</c> (2.0). The codecs write a value as it is
/// (one byte in the WAL, a varint in protobuf) and read one back by a cast, so a type from a newer writer
/// survives a round trip as its number.
/// </summary>
public enum MetricType : byte
{
    /// <summary>
    /// No type known: <c>unknown</c> in OpenMetrics, <c>untyped</c> in Prometheus text and a family without a TYPE
    /// line; <c>UNKNOWN</c> in remote write 1.0, <c>METRIC_TYPE_UNSPECIFIED</c> in 2.0.
    /// </summary>
    Unknown = 0,

    /// <summary><c>counter</c>.</summary>
    Counter = 1,

    /// <summary><c>gauge</c>.</summary>
    Gauge = 2,

    /// <summary><c>histogram</c>, classic or native.</summary>
    Histogram = 3,

    /// <summary><c>gaugehistogram</c> (OpenMetrics only).</summary>
    GaugeHistogram = 4,

    /// <summary><c>summary</c>.</summary>
    Summary = 5,

    /// <summary><c>info</c> (OpenMetrics only).</summary>
    Info = 6,

    /// <summary><c>stateset</c> (OpenMetrics only).</summary>
    StateSet = 7,
}
