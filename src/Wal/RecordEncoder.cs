using System.Buffers;
using System.Buffers.Binary;
using System.Text;
using Scraper.Protocol.Model;

namespace Scraper.Wal;

/// <summary>
/// Encodes WAL records exactly as Prometheus's <c>tsdb/record</c> encoder does, appending to any
/// <see cref="IBufferWriter{T}"/>. The writer's hot path (<see cref="WalWriter.AppendSample"/>) encodes samples
/// incrementally with the same layout; these methods serve checkpoints, tools and tests.
/// </summary>
public static class RecordEncoder
{
    /// <summary>Series record: type 1, then per series a big-endian 64-bit ref and its labels.</summary>
    public static void Series(ReadOnlySpan<RefSeries> series, IBufferWriter<byte> output)
    {
        ArgumentNullException.ThrowIfNull(output);
        PutByte(output, (byte)WalRecordType.Series);
        foreach (var s in series)
        {
            PutBe64(output, s.Ref);
            PutLabels(output, s.Labels);
        }
    }

    /// <summary>
    /// Samples record: type 2, the first sample's ref and timestamp as big-endian 64-bit integers, then per
    /// sample (the first included) the signed varint deltas of ref and timestamp against the first sample and
    /// the value's IEEE-754 bits big-endian. No samples: just the type byte.
    /// </summary>
    public static void Samples(ReadOnlySpan<RefSample> samples, IBufferWriter<byte> output)
    {
        ArgumentNullException.ThrowIfNull(output);
        PutByte(output, (byte)WalRecordType.Samples);
        if (samples.IsEmpty)
        {
            return;
        }
        var first = samples[0];
        PutBe64(output, first.Ref);
        PutBe64(output, (ulong)first.T);
        foreach (var s in samples)
        {
            var span = output.GetSpan(2 * Varint.MaxLength + 8);
            var n = Varint.PutVarint(span, (long)s.Ref - (long)first.Ref);
            n += Varint.PutVarint(span[n..], s.T - first.T);
            BinaryPrimitives.WriteUInt64BigEndian(span[n..], BitConverter.DoubleToUInt64Bits(s.V));
            output.Advance(n + 8);
        }
    }

    /// <summary>Exemplars record: type 4, laid out like samples with each exemplar's labels after its value.</summary>
    public static void Exemplars(ReadOnlySpan<RefExemplar> exemplars, IBufferWriter<byte> output)
    {
        ArgumentNullException.ThrowIfNull(output);
        PutByte(output, (byte)WalRecordType.Exemplars);
        if (exemplars.IsEmpty)
        {
            return;
        }
        var first = exemplars[0];
        PutBe64(output, first.Ref);
        PutBe64(output, (ulong)first.T);
        foreach (var e in exemplars)
        {
            PutVarint(output, (long)e.Ref - (long)first.Ref);
            PutVarint(output, e.T - first.T);
            PutBe64(output, BitConverter.DoubleToUInt64Bits(e.V));
            PutLabels(output, e.Labels);
        }
    }

    /// <summary>Tombstones record: type 3, per interval a big-endian ref and signed varint min and max time.</summary>
    public static void Tombstones(ReadOnlySpan<RefTombstone> tombstones, IBufferWriter<byte> output)
    {
        ArgumentNullException.ThrowIfNull(output);
        PutByte(output, (byte)WalRecordType.Tombstones);
        foreach (var t in tombstones)
        {
            PutBe64(output, t.Ref);
            PutVarint(output, t.MinT);
            PutVarint(output, t.MaxT);
        }
    }

    /// <summary>Mmap markers record: type 5, per marker two big-endian 64-bit integers.</summary>
    public static void MmapMarkers(ReadOnlySpan<RefMmapMarker> markers, IBufferWriter<byte> output)
    {
        ArgumentNullException.ThrowIfNull(output);
        PutByte(output, (byte)WalRecordType.MmapMarkers);
        foreach (var m in markers)
        {
            PutBe64(output, m.Ref);
            PutBe64(output, m.MmapRef);
        }
    }

    /// <summary>
    /// Metadata record: type 6, per entry the ref as unsigned varint, the type byte, the field count (2) and
    /// the fields UNIT and HELP as length-prefixed name/value strings.
    /// </summary>
    public static void Metadata(ReadOnlySpan<RefMetadata> metadata, IBufferWriter<byte> output)
    {
        ArgumentNullException.ThrowIfNull(output);
        PutByte(output, (byte)WalRecordType.Metadata);
        foreach (var m in metadata)
        {
            PutUvarint(output, m.Ref);
            PutByte(output, (byte)m.Type);
            PutUvarint(output, 2);
            PutString(output, "UNIT");
            PutString(output, m.Unit ?? string.Empty);
            PutString(output, "HELP");
            PutString(output, m.Help ?? string.Empty);
        }
    }

    /// <summary>
    /// Integer histogram record of <paramref name="type"/> (7, or 9 for custom-bucket histograms, which
    /// Prometheus keeps in their own record): like samples, with the histogram in place of the value.
    /// </summary>
    public static void Histograms(
        ReadOnlySpan<RefHistogramSample> histograms, IBufferWriter<byte> output, WalRecordType type = WalRecordType.HistogramSamples)
    {
        ArgumentNullException.ThrowIfNull(output);
        if (type is not (WalRecordType.HistogramSamples or WalRecordType.CustomBucketsHistogramSamples))
        {
            throw new ArgumentOutOfRangeException(nameof(type), type, "not an integer histogram record type");
        }
        PutByte(output, (byte)type);
        if (histograms.IsEmpty)
        {
            return;
        }
        var first = histograms[0];
        PutBe64(output, first.Ref);
        PutBe64(output, (ulong)first.T);
        foreach (var h in histograms)
        {
            PutVarint(output, (long)h.Ref - (long)first.Ref);
            PutVarint(output, h.T - first.T);
            PutHistogram(output, h.Histogram);
        }
    }

    /// <summary>Float histogram record of <paramref name="type"/> (8, or 10 for custom buckets).</summary>
    public static void FloatHistograms(
        ReadOnlySpan<RefFloatHistogramSample> histograms,
        IBufferWriter<byte> output,
        WalRecordType type = WalRecordType.FloatHistogramSamples)
    {
        ArgumentNullException.ThrowIfNull(output);
        if (type is not (WalRecordType.FloatHistogramSamples or WalRecordType.CustomBucketsFloatHistogramSamples))
        {
            throw new ArgumentOutOfRangeException(nameof(type), type, "not a float histogram record type");
        }
        PutByte(output, (byte)type);
        if (histograms.IsEmpty)
        {
            return;
        }
        var first = histograms[0];
        PutBe64(output, first.Ref);
        PutBe64(output, (ulong)first.T);
        foreach (var h in histograms)
        {
            PutVarint(output, (long)h.Ref - (long)first.Ref);
            PutVarint(output, h.T - first.T);
            PutFloatHistogram(output, h.Histogram);
        }
    }

    private static void PutHistogram(IBufferWriter<byte> output, WalHistogram h)
    {
        PutByte(output, h.CounterResetHint);
        PutVarint(output, h.Schema);
        PutBe64(output, BitConverter.DoubleToUInt64Bits(h.ZeroThreshold));
        PutUvarint(output, h.ZeroCount);
        PutUvarint(output, h.Count);
        PutBe64(output, BitConverter.DoubleToUInt64Bits(h.Sum));
        PutSpans(output, h.PositiveSpans);
        PutSpans(output, h.NegativeSpans);
        PutUvarint(output, (ulong)h.PositiveBuckets.Length);
        foreach (var b in h.PositiveBuckets)
        {
            PutVarint(output, b);
        }
        PutUvarint(output, (ulong)h.NegativeBuckets.Length);
        foreach (var b in h.NegativeBuckets)
        {
            PutVarint(output, b);
        }
        if (h.UsesCustomBuckets)
        {
            PutFloats(output, h.CustomValues);
        }
    }

    private static void PutFloatHistogram(IBufferWriter<byte> output, WalFloatHistogram h)
    {
        PutByte(output, h.CounterResetHint);
        PutVarint(output, h.Schema);
        PutBe64(output, BitConverter.DoubleToUInt64Bits(h.ZeroThreshold));
        PutBe64(output, BitConverter.DoubleToUInt64Bits(h.ZeroCount));
        PutBe64(output, BitConverter.DoubleToUInt64Bits(h.Count));
        PutBe64(output, BitConverter.DoubleToUInt64Bits(h.Sum));
        PutSpans(output, h.PositiveSpans);
        PutSpans(output, h.NegativeSpans);
        PutFloats(output, h.PositiveBuckets);
        PutFloats(output, h.NegativeBuckets);
        if (h.UsesCustomBuckets)
        {
            PutFloats(output, h.CustomValues);
        }
    }

    private static void PutSpans(IBufferWriter<byte> output, HistogramSpan[] spans)
    {
        PutUvarint(output, (ulong)spans.Length);
        foreach (var s in spans)
        {
            PutVarint(output, s.Offset);
            PutUvarint(output, s.Length);
        }
    }

    private static void PutFloats(IBufferWriter<byte> output, double[] values)
    {
        PutUvarint(output, (ulong)values.Length);
        foreach (var v in values)
        {
            PutBe64(output, BitConverter.DoubleToUInt64Bits(v));
        }
    }

    /// <summary>A label set: uvarint count, then each name and value as uvarint length + UTF-8 bytes.</summary>
    internal static void PutLabels(IBufferWriter<byte> output, Labels labels)
    {
        ArgumentNullException.ThrowIfNull(labels);
        PutUvarint(output, (ulong)labels.Count);
        foreach (var l in labels.AsSpan())
        {
            PutString(output, l.Name);
            PutString(output, l.Value);
        }
    }

    internal static void PutString(IBufferWriter<byte> output, string s)
    {
        var len = Encoding.UTF8.GetByteCount(s);
        var span = output.GetSpan(Varint.MaxLength + len);
        var n = Varint.PutUvarint(span, (ulong)len);
        n += Encoding.UTF8.GetBytes(s, span[n..]);
        output.Advance(n);
    }

    internal static void PutByte(IBufferWriter<byte> output, byte b)
    {
        output.GetSpan(1)[0] = b;
        output.Advance(1);
    }

    internal static void PutBe64(IBufferWriter<byte> output, ulong v)
    {
        BinaryPrimitives.WriteUInt64BigEndian(output.GetSpan(8), v);
        output.Advance(8);
    }

    internal static void PutUvarint(IBufferWriter<byte> output, ulong v) =>
        output.Advance(Varint.PutUvarint(output.GetSpan(Varint.MaxLength), v));

    internal static void PutVarint(IBufferWriter<byte> output, long v) =>
        output.Advance(Varint.PutVarint(output.GetSpan(Varint.MaxLength), v));
}
