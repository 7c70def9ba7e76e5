namespace Scraper.Wal;

/// <summary>
/// A native histogram with float counts (the result of rate-like operations, or a float histogram sample)
/// as a float histogram record stores it: absolute bucket counts.
/// </summary>
public sealed class WalFloatHistogram
{
    /// <summary>Counter reset hint: 0 unknown, 1 reset, 2 no reset, 3 gauge.</summary>
    public byte CounterResetHint { get; init; }

    /// <summary>Resolution; -53 means custom bounds in <see cref="CustomValues"/>.</summary>
    public int Schema { get; init; }

    /// <summary>Width of the zero bucket.</summary>
    public double ZeroThreshold { get; init; }

    /// <summary>Observations in the zero bucket.</summary>
    public double ZeroCount { get; init; }

    /// <summary>Total observations.</summary>
    public double Count { get; init; }

    /// <summary>Sum of observations.</summary>
    public double Sum { get; init; }

    /// <summary>Spans of populated positive buckets.</summary>
    public HistogramSpan[] PositiveSpans { get; init; } = [];

    /// <summary>Spans of populated negative buckets.</summary>
    public HistogramSpan[] NegativeSpans { get; init; } = [];

    /// <summary>Positive bucket counts.</summary>
    public double[] PositiveBuckets { get; init; } = [];

    /// <summary>Negative bucket counts.</summary>
    public double[] NegativeBuckets { get; init; } = [];

    /// <summary>Upper bounds of the custom buckets (schema -53 only).</summary>
    public double[] CustomValues { get; init; } = [];

    /// <summary>True when the schema is the custom-buckets one.</summary>
    public bool UsesCustomBuckets => Schema == WalHistogram.CustomBucketsSchema;
}
