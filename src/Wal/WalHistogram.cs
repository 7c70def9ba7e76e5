namespace Scraper.Wal;

/// <summary>
/// A native histogram with integer counts as a histogram record stores it: bucket counts are deltas, each
/// relative to the previous bucket. We do not produce these yet; the type exists so records from Prometheus
/// decode, re-encode into checkpoints and advance series timestamps.
/// </summary>
public sealed class WalHistogram
{
    /// <summary>Schema -53: explicit bucket bounds in <see cref="CustomValues"/>.</summary>
    public const int CustomBucketsSchema = -53;

    /// <summary>Counter reset hint: 0 unknown, 1 reset, 2 no reset, 3 gauge.</summary>
    public byte CounterResetHint { get; init; }

    /// <summary>Resolution: bucket boundaries grow by 2^(2^-schema); -53 means custom bounds.</summary>
    public int Schema { get; init; }

    /// <summary>Width of the zero bucket.</summary>
    public double ZeroThreshold { get; init; }

    /// <summary>Observations in the zero bucket.</summary>
    public ulong ZeroCount { get; init; }

    /// <summary>Total observations.</summary>
    public ulong Count { get; init; }

    /// <summary>Sum of observations.</summary>
    public double Sum { get; init; }

    /// <summary>Spans of populated positive buckets.</summary>
    public HistogramSpan[] PositiveSpans { get; init; } = [];

    /// <summary>Spans of populated negative buckets.</summary>
    public HistogramSpan[] NegativeSpans { get; init; } = [];

    /// <summary>Positive bucket counts, delta-encoded.</summary>
    public long[] PositiveBuckets { get; init; } = [];

    /// <summary>Negative bucket counts, delta-encoded.</summary>
    public long[] NegativeBuckets { get; init; } = [];

    /// <summary>Upper bounds of the custom buckets (schema -53 only).</summary>
    public double[] CustomValues { get; init; } = [];

    /// <summary>True when the schema is the custom-buckets one.</summary>
    public bool UsesCustomBuckets => Schema == CustomBucketsSchema;
}
