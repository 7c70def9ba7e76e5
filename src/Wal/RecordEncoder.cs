using System.Buffers;
using System.Buffers.Binary;
using System.Runtime.CompilerServices;
using System.Text;
using Scraper.Protocol.Model;

namespace Scraper.Wal;

/// <summary>
/// Encodes WAL records exactly as Prometheus's <c>tsdb/record</c> encoder does, appending to any
/// <see cref="IBufferWriter{T}"/>. These methods serve checkpoints, tools and tests; <see cref="WalWriter"/> builds
/// its records one entry at a time as appends arrive, with the same per-entry helpers, so each layout is written
/// down once.
/// </summary>
public static class RecordEncoder
{
    /// <summary>The most bytes one samples-record entry takes: two signed varint deltas and the value.</summary>
    internal const int MaxSampleEntryBytes = (2 * Varint.MaxLength) + 8;

    /// <summary>Series record: type 1, then per series a big-endian 64-bit ref and its labels.</summary>
    public static void Series(ReadOnlySpan<RefSeries> series, IBufferWriter<byte> output)
    {
        ArgumentNullException.ThrowIfNull(output);
        PutByte(output, (byte)WalRecordType.Series);
        foreach (var s in series)
        {
            PutSeriesEntry(output, s.Ref, s.Labels);
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
        if (samples.IsEmpty)
        {
            PutByte(output, (byte)WalRecordType.Samples);
            return;
        }
        var first = samples[0];
        PutRecordStart(output, WalRecordType.Samples, first.Ref, first.T);
        foreach (var s in samples)
        {
            output.Advance(WriteSampleEntry(output.GetSpan(MaxSampleEntryBytes), (long)s.Ref - (long)first.Ref, s.T - first.T, s.V));
        }
    }

    /// <summary>Exemplars record: type 4, laid out like samples with each exemplar's labels after its value.</summary>
    public static void Exemplars(ReadOnlySpan<RefExemplar> exemplars, IBufferWriter<byte> output)
    {
        ArgumentNullException.ThrowIfNull(output);
        if (exemplars.IsEmpty)
        {
            PutByte(output, (byte)WalRecordType.Exemplars);
            return;
        }
        var first = exemplars[0];
        PutRecordStart(output, WalRecordType.Exemplars, first.Ref, first.T);
        foreach (var e in exemplars)
        {
            PutExemplarEntry(output, (long)e.Ref - (long)first.Ref, e.T - first.T, e.V, e.Labels);
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
            PutMetadataEntry(output, m.Ref, m.Type, m.Unit ?? string.Empty, m.Help ?? string.Empty);
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
        if (histograms.IsEmpty)
        {
            PutByte(output, (byte)type);
            return;
        }
        var first = histograms[0];
        PutRecordStart(output, type, first.Ref, first.T);
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
        if (histograms.IsEmpty)
        {
            PutByte(output, (byte)type);
            return;
        }
        var first = histograms[0];
        PutRecordStart(output, type, first.Ref, first.T);
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

    /// <summary>
    /// The start of every record whose entries are deltas (samples, exemplars, histograms): the type byte, then the
    /// first entry's ref and timestamp as big-endian 64-bit integers.
    /// </summary>
    internal static void PutRecordStart(IBufferWriter<byte> output, WalRecordType type, ulong firstRef, long firstT)
    {
        PutByte(output, (byte)type);
        PutBe64(output, firstRef);
        PutBe64(output, (ulong)firstT);
    }

    /// <summary>A series entry: the ref big-endian, then the labels.</summary>
    internal static void PutSeriesEntry(IBufferWriter<byte> output, ulong seriesRef, Labels labels)
    {
        PutBe64(output, seriesRef);
        PutLabels(output, labels);
    }

    /// <summary>
    /// A samples entry into <paramref name="destination"/> (at least <see cref="MaxSampleEntryBytes"/> long): the
    /// signed varint deltas of ref and timestamp against the record's first sample, then the value's bits
    /// big-endian. Returns the bytes written. Span-based because it is the writer's hot path.
    /// </summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    internal static int WriteSampleEntry(Span<byte> destination, long refDelta, long timestampDelta, double value)
    {
        var n = Varint.PutVarint(destination, refDelta);
        n += Varint.PutVarint(destination[n..], timestampDelta);
        BinaryPrimitives.WriteUInt64BigEndian(destination[n..], BitConverter.DoubleToUInt64Bits(value));
        return n + 8;
    }

    /// <summary>An exemplars entry: laid out like a samples entry, with the exemplar's labels after the value.</summary>
    internal static void PutExemplarEntry(IBufferWriter<byte> output, long refDelta, long timestampDelta, double value, Labels labels)
    {
        output.Advance(WriteSampleEntry(output.GetSpan(MaxSampleEntryBytes), refDelta, timestampDelta, value));
        PutLabels(output, labels);
    }

    /// <summary>
    /// A metadata entry: the ref as unsigned varint, the type byte, the field count (2) and the fields UNIT and HELP
    /// as length-prefixed name/value strings.
    /// </summary>
    internal static void PutMetadataEntry(IBufferWriter<byte> output, ulong seriesRef, MetricType type, string unit, string help)
    {
        PutUvarint(output, seriesRef);
        PutByte(output, (byte)type);
        PutUvarint(output, 2);
        PutString(output, "UNIT");
        PutString(output, unit);
        PutString(output, "HELP");
        PutString(output, help);
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
