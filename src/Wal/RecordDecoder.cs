using System.Runtime.InteropServices;
using System.Text;
using Scraper.Protocol.Model;

namespace Scraper.Wal;

/// <summary>
/// Decodes WAL records (Prometheus's <c>tsdb/record</c> encodings) into caller-provided lists, so a reader that
/// replays gigabytes reuses the same lists and allocates nothing per sample. Series and exemplar labels become
/// <see cref="Labels"/>; label strings are interned (bounded) because the same names and values repeat across
/// series. Malformed records raise <see cref="WalRecordException"/>; the lists then hold what decoded before
/// the error. Not thread-safe (the intern table); one decoder per reader.
/// </summary>
public sealed class RecordDecoder
{
    /// <summary>Strings longer than this are not interned: they are unlikely to repeat.</summary>
    private const int MaxInternedLength = 128;

    private readonly Dictionary<string, string> _strings;
    private readonly Dictionary<string, string>.AlternateLookup<ReadOnlySpan<char>> _lookup;
    private readonly int _maxStrings;

    /// <summary>Creates a decoder that interns up to <paramref name="maxInternedStrings"/> distinct label strings.</summary>
    public RecordDecoder(int maxInternedStrings = 1 << 16)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(maxInternedStrings);
        _maxStrings = maxInternedStrings;
        _strings = new Dictionary<string, string>(StringComparer.Ordinal);
        _lookup = _strings.GetAlternateLookup<ReadOnlySpan<char>>();
    }

    /// <summary>The record's type from its first byte; <see cref="WalRecordType.Unknown"/> for empty or unknown ones.</summary>
    public static WalRecordType TypeOf(ReadOnlySpan<byte> record)
    {
        if (record.IsEmpty)
        {
            return WalRecordType.Unknown;
        }
        var t = record[0];
        return t is >= (byte)WalRecordType.Series and <= (byte)WalRecordType.CustomBucketsFloatHistogramSamples
            ? (WalRecordType)t
            : WalRecordType.Unknown;
    }

    /// <summary>Appends the entries of a series record to <paramref name="into"/>.</summary>
    public void DecodeSeries(ReadOnlySpan<byte> record, List<RefSeries> into)
    {
        ArgumentNullException.ThrowIfNull(into);
        var c = Open(record, WalRecordType.Series, "series");
        while (c.Remaining > 0)
        {
            var r = c.Be64();
            into.Add(new RefSeries(r, DecodeLabels(ref c)));
        }
    }

    /// <summary>Appends the samples of a samples record to <paramref name="into"/>.</summary>
    public static void DecodeSamples(ReadOnlySpan<byte> record, List<RefSample> into)
    {
        ArgumentNullException.ThrowIfNull(into);
        var c = Open(record, WalRecordType.Samples, "samples");
        if (c.Remaining == 0)
        {
            return;
        }
        var baseRef = (long)c.Be64();
        var baseT = c.Be64Int64();
        // Every sample takes at least 1 + 1 + 8 bytes, so this bounds the count and lets us fill the list's
        // backing array directly instead of calling Add per sample.
        var start = into.Count;
        var max = c.Remaining / 10;
        var n = 0;
        CollectionsMarshal.SetCount(into, start + max);
        try
        {
            var span = CollectionsMarshal.AsSpan(into).Slice(start, max);
            while (c.Remaining > 0)
            {
                var dref = c.Varint();
                var dt = c.Varint();
                var v = c.Be64Double();
                if (n == span.Length)
                {
                    throw c.Error("more samples than the record length allows");
                }
                span[n++] = new RefSample((ulong)(baseRef + dref), baseT + dt, v);
            }
        }
        finally
        {
            CollectionsMarshal.SetCount(into, start + n);
        }
    }

    /// <summary>Appends the exemplars of an exemplars record to <paramref name="into"/>.</summary>
    public void DecodeExemplars(ReadOnlySpan<byte> record, List<RefExemplar> into)
    {
        ArgumentNullException.ThrowIfNull(into);
        var c = Open(record, WalRecordType.Exemplars, "exemplars");
        if (c.Remaining == 0)
        {
            return;
        }
        var baseRef = (long)c.Be64();
        var baseT = c.Be64Int64();
        while (c.Remaining > 0)
        {
            var dref = c.Varint();
            var dt = c.Varint();
            var v = c.Be64Double();
            into.Add(new RefExemplar((ulong)(baseRef + dref), baseT + dt, v, DecodeLabels(ref c)));
        }
    }

    /// <summary>Appends the intervals of a tombstones record to <paramref name="into"/>.</summary>
    public static void DecodeTombstones(ReadOnlySpan<byte> record, List<RefTombstone> into)
    {
        ArgumentNullException.ThrowIfNull(into);
        var c = Open(record, WalRecordType.Tombstones, "tombstones");
        while (c.Remaining > 0)
        {
            var r = c.Be64();
            var mint = c.Varint();
            var maxt = c.Varint();
            into.Add(new RefTombstone(r, mint, maxt));
        }
    }

    /// <summary>Appends the markers of an mmap-markers record to <paramref name="into"/>.</summary>
    public static void DecodeMmapMarkers(ReadOnlySpan<byte> record, List<RefMmapMarker> into)
    {
        ArgumentNullException.ThrowIfNull(into);
        var c = Open(record, WalRecordType.MmapMarkers, "mmap markers");
        while (c.Remaining > 0)
        {
            var r = c.Be64();
            var m = c.Be64();
            into.Add(new RefMmapMarker(r, m));
        }
    }

    /// <summary>
    /// Appends the entries of a metadata record to <paramref name="into"/>. Fields other than UNIT and HELP are
    /// skipped, as Prometheus does, so newer writers can add fields.
    /// </summary>
    public void DecodeMetadata(ReadOnlySpan<byte> record, List<RefMetadata> into)
    {
        ArgumentNullException.ThrowIfNull(into);
        var c = Open(record, WalRecordType.Metadata, "metadata");
        while (c.Remaining > 0)
        {
            var r = c.Uvarint();
            var type = (MetricType)c.Byte();
            var fields = c.Uvarint();
            string unit = string.Empty, help = string.Empty;
            for (ulong i = 0; i < fields; i++)
            {
                var name = c.UvarintBytes();
                var value = c.UvarintBytes();
                if (name.SequenceEqual("UNIT"u8))
                {
                    unit = Intern(value);
                }
                else if (name.SequenceEqual("HELP"u8))
                {
                    help = Encoding.UTF8.GetString(value);
                }
            }
            into.Add(new RefMetadata(r, type, unit, help));
        }
    }

    /// <summary>Appends the samples of an integer histogram record (type 7 or 9) to <paramref name="into"/>.</summary>
    public static void DecodeHistograms(ReadOnlySpan<byte> record, List<RefHistogramSample> into)
    {
        ArgumentNullException.ThrowIfNull(into);
        var c = OpenEither(record, WalRecordType.HistogramSamples, WalRecordType.CustomBucketsHistogramSamples, "histogram");
        if (c.Remaining == 0)
        {
            return;
        }
        var baseRef = (long)c.Be64();
        var baseT = c.Be64Int64();
        while (c.Remaining > 0)
        {
            var dref = c.Varint();
            var dt = c.Varint();
            into.Add(new RefHistogramSample((ulong)(baseRef + dref), baseT + dt, DecodeHistogram(ref c)));
        }
    }

    /// <summary>Appends the samples of a float histogram record (type 8 or 10) to <paramref name="into"/>.</summary>
    public static void DecodeFloatHistograms(ReadOnlySpan<byte> record, List<RefFloatHistogramSample> into)
    {
        ArgumentNullException.ThrowIfNull(into);
        var c = OpenEither(
            record, WalRecordType.FloatHistogramSamples, WalRecordType.CustomBucketsFloatHistogramSamples, "float histogram");
        if (c.Remaining == 0)
        {
            return;
        }
        var baseRef = (long)c.Be64();
        var baseT = c.Be64Int64();
        while (c.Remaining > 0)
        {
            var dref = c.Varint();
            var dt = c.Varint();
            into.Add(new RefFloatHistogramSample((ulong)(baseRef + dref), baseT + dt, DecodeFloatHistogram(ref c)));
        }
    }

    private static RecordCursor Open(ReadOnlySpan<byte> record, WalRecordType expected, string what)
    {
        if (record.IsEmpty)
        {
            throw new WalRecordException($"{what} record: empty record");
        }
        if (record[0] != (byte)expected)
        {
            throw new WalRecordException($"{what} record: type byte is {record[0]}, expected {(byte)expected}");
        }
        return new RecordCursor(record, 1, what);
    }

    private static RecordCursor OpenEither(ReadOnlySpan<byte> record, WalRecordType a, WalRecordType b, string what)
    {
        if (record.IsEmpty)
        {
            throw new WalRecordException($"{what} record: empty record");
        }
        if (record[0] != (byte)a && record[0] != (byte)b)
        {
            throw new WalRecordException($"{what} record: type byte is {record[0]}, expected {(byte)a} or {(byte)b}");
        }
        return new RecordCursor(record, 1, what);
    }

    private Labels DecodeLabels(ref RecordCursor c)
    {
        var n = c.Uvarint();
        // Each label takes at least two bytes (two empty length prefixes): a count beyond that is garbage,
        // and checking it first keeps a corrupt count from allocating a huge array.
        if (n > (ulong)c.Remaining / 2)
        {
            throw c.Error($"label count {n} exceeds what the remaining {c.Remaining} bytes can hold");
        }
        if (n == 0)
        {
            return Labels.Empty;
        }
        var labels = new Label[(int)n];
        var sorted = true;
        for (var i = 0; i < labels.Length; i++)
        {
            var name = Intern(c.UvarintBytes());
            var value = Intern(c.UvarintBytes());
            labels[i] = new Label(name, value);
            if (value.Length == 0 || (i > 0 && string.CompareOrdinal(labels[i - 1].Name, name) >= 0))
            {
                sorted = false;
            }
        }
        if (sorted)
        {
            return Labels.FromSortedUnchecked(labels);
        }
        if (!Labels.TryFromUnsorted(labels, out var result, out var duplicate))
        {
            throw c.Error($"label name \"{duplicate}\" appears twice in one label set");
        }
        return result;
    }

    private string Intern(ReadOnlySpan<byte> utf8)
    {
        if (utf8.IsEmpty)
        {
            return string.Empty;
        }
        if (utf8.Length > MaxInternedLength)
        {
            return Encoding.UTF8.GetString(utf8);
        }
        Span<char> chars = stackalloc char[MaxInternedLength];
        var n = Encoding.UTF8.GetChars(utf8, chars);
        if (_lookup.TryGetValue(chars[..n], out var s))
        {
            return s;
        }
        s = new string(chars[..n]);
        if (_strings.Count < _maxStrings)
        {
            _strings.Add(s, s);
        }
        return s;
    }

    private static WalHistogram DecodeHistogram(ref RecordCursor c)
    {
        var hint = c.Byte();
        var schema = (int)c.Varint();
        var zeroThreshold = c.Be64Double();
        var zeroCount = c.Uvarint();
        var count = c.Uvarint();
        var sum = c.Be64Double();
        var pos = DecodeSpans(ref c);
        var neg = DecodeSpans(ref c);
        var posBuckets = DecodeDeltas(ref c);
        var negBuckets = DecodeDeltas(ref c);
        var custom = schema == WalHistogram.CustomBucketsSchema ? DecodeFloats(ref c) : [];
        return new WalHistogram
        {
            CounterResetHint = hint,
            Schema = schema,
            ZeroThreshold = zeroThreshold,
            ZeroCount = zeroCount,
            Count = count,
            Sum = sum,
            PositiveSpans = pos,
            NegativeSpans = neg,
            PositiveBuckets = posBuckets,
            NegativeBuckets = negBuckets,
            CustomValues = custom,
        };
    }

    private static WalFloatHistogram DecodeFloatHistogram(ref RecordCursor c)
    {
        var hint = c.Byte();
        var schema = (int)c.Varint();
        var zeroThreshold = c.Be64Double();
        var zeroCount = c.Be64Double();
        var count = c.Be64Double();
        var sum = c.Be64Double();
        var pos = DecodeSpans(ref c);
        var neg = DecodeSpans(ref c);
        var posBuckets = DecodeFloats(ref c);
        var negBuckets = DecodeFloats(ref c);
        var custom = schema == WalHistogram.CustomBucketsSchema ? DecodeFloats(ref c) : [];
        return new WalFloatHistogram
        {
            CounterResetHint = hint,
            Schema = schema,
            ZeroThreshold = zeroThreshold,
            ZeroCount = zeroCount,
            Count = count,
            Sum = sum,
            PositiveSpans = pos,
            NegativeSpans = neg,
            PositiveBuckets = posBuckets,
            NegativeBuckets = negBuckets,
            CustomValues = custom,
        };
    }

    private static HistogramSpan[] DecodeSpans(ref RecordCursor c)
    {
        var n = CheckedCount(ref c, 2, "span count");
        if (n == 0)
        {
            return [];
        }
        var spans = new HistogramSpan[n];
        for (var i = 0; i < n; i++)
        {
            var offset = (int)c.Varint();
            var length = c.Uvarint();
            if (length > uint.MaxValue)
            {
                throw c.Error($"span length {length} overflows 32 bits");
            }
            spans[i] = new HistogramSpan(offset, (uint)length);
        }
        return spans;
    }

    private static long[] DecodeDeltas(ref RecordCursor c)
    {
        var n = CheckedCount(ref c, 1, "bucket count");
        if (n == 0)
        {
            return [];
        }
        var values = new long[n];
        for (var i = 0; i < n; i++)
        {
            values[i] = c.Varint();
        }
        return values;
    }

    private static double[] DecodeFloats(ref RecordCursor c)
    {
        var n = CheckedCount(ref c, 8, "float count");
        if (n == 0)
        {
            return [];
        }
        var values = new double[n];
        for (var i = 0; i < n; i++)
        {
            values[i] = c.Be64Double();
        }
        return values;
    }

    private static int CheckedCount(ref RecordCursor c, int minBytesEach, string what)
    {
        var n = c.Uvarint();
        if (n > (ulong)(c.Remaining / minBytesEach))
        {
            throw c.Error($"{what} {n} exceeds what the remaining {c.Remaining} bytes can hold");
        }
        return (int)n;
    }
}
