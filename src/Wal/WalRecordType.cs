namespace Scraper.Wal;

/// <summary>
/// The first byte of a record: what it holds (Prometheus's <c>tsdb/record</c> types). Our writer produces
/// <see cref="Series"/>, <see cref="Samples"/>, <see cref="Exemplars"/> and <see cref="Metadata"/>; the decoder
/// also reads tombstones, mmap markers and the four histogram encodings so a WAL from Prometheus replays.
/// </summary>
public enum WalRecordType : byte
{
    /// <summary>Not a record type we know (or an empty record).</summary>
    Unknown = 255,

    /// <summary>Series: ref and label set of each new series.</summary>
    Series = 1,

    /// <summary>Float samples: ref, timestamp, value, delta-encoded against the first sample.</summary>
    Samples = 2,

    /// <summary>Deletion intervals (server mode only).</summary>
    Tombstones = 3,

    /// <summary>Exemplars: like samples plus the exemplar's labels. (Prometheus's format doc says 5; it is 4.)</summary>
    Exemplars = 4,

    /// <summary>Out-of-order mmap markers (server mode's write-behind log only).</summary>
    MmapMarkers = 5,

    /// <summary>Metric metadata: type, unit and help per series ref.</summary>
    Metadata = 6,

    /// <summary>Native histograms with integer counts.</summary>
    HistogramSamples = 7,

    /// <summary>Native histograms with float counts.</summary>
    FloatHistogramSamples = 8,

    /// <summary>Integer histograms with custom bucket bounds (schema -53; newer Prometheus).</summary>
    CustomBucketsHistogramSamples = 9,

    /// <summary>Float histograms with custom bucket bounds (schema -53; newer Prometheus).</summary>
    CustomBucketsFloatHistogramSamples = 10,
}
