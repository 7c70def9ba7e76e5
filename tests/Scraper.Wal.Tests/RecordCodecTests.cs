using System.Buffers;
using System.Buffers.Binary;
using Scraper.Protocol.Model;

namespace Scraper.Wal.Tests;

public class RecordCodecTests
{
    private static byte[] Be64(ulong v)
    {
        var b = new byte[8];
        BinaryPrimitives.WriteUInt64BigEndian(b, v);
        return b;
    }

    private static byte[] Be64(double v) => Be64(BitConverter.DoubleToUInt64Bits(v));

    private static byte[] Str(string s) => [(byte)s.Length, .. System.Text.Encoding.ASCII.GetBytes(s)];

    private static byte[] Encode(Action<IBufferWriter<byte>> encode)
    {
        var w = new ArrayBufferWriter<byte>();
        encode(w);
        return w.WrittenSpan.ToArray();
    }

    // Series record as wal.md draws it: type, then per series an 8-byte id, a uvarint label count and the strings.
    private static readonly byte[] HandBuiltSeries =
        [1, .. Be64(5), 2, .. Str("__name__"), .. Str("up"), .. Str("job"), .. Str("x")];

    // Samples record: first id and timestamp, then per sample signed-varint deltas against the first and the value.
    // The second sample's deltas are negative (-2, -10 -> zig-zag 3, 19), which an unsigned reading gets wrong.
    private static readonly byte[] HandBuiltSamples =
        [2, .. Be64(10), .. Be64(1000), 0, 0, .. Be64(1.5), 3, 19, .. Be64(-2.0)];

    // Exemplars are type 4 (the documentation says 5, which is Prometheus's mmap-markers type).
    private static readonly byte[] HandBuiltExemplars =
        [4, .. Be64(3), .. Be64(500), 0, 0, .. Be64(0.25), 1, .. Str("trace_id"), .. Str("abc")];

    [Fact]
    public void DecodeSeries_handBuiltRecord_readsRefAndLabels()
    {
        var list = new List<RefSeries>();
        new RecordDecoder().DecodeSeries(HandBuiltSeries, list);
        var s = Assert.Single(list);
        Assert.Equal(5UL, s.Ref);
        Assert.Equal(Labels.FromStrings("__name__", "up", "job", "x"), s.Labels);
    }

    [Fact]
    public void Series_encodesLikeTheDocumentation()
    {
        var bytes = Encode(w => RecordEncoder.Series([new RefSeries(5, Labels.FromStrings("job", "x", "__name__", "up"))], w));
        Assert.Equal(HandBuiltSeries, bytes);
    }

    [Fact]
    public void DecodeSamples_handBuiltRecordWithNegativeDeltas_readsSignedDeltas()
    {
        var list = new List<RefSample>();
        RecordDecoder.DecodeSamples(HandBuiltSamples, list);
        Assert.Equal([new RefSample(10, 1000, 1.5), new RefSample(8, 990, -2.0)], list);
    }

    [Fact]
    public void Samples_encodesLikeTheDocumentationWithSignedDeltas()
    {
        var bytes = Encode(w => RecordEncoder.Samples([new RefSample(10, 1000, 1.5), new RefSample(8, 990, -2.0)], w));
        Assert.Equal(HandBuiltSamples, bytes);
    }

    [Fact]
    public void DecodeExemplars_handBuiltTypeFourRecord_readsLabels()
    {
        var list = new List<RefExemplar>();
        new RecordDecoder().DecodeExemplars(HandBuiltExemplars, list);
        var e = Assert.Single(list);
        Assert.Equal((3UL, 500L, 0.25), (e.Ref, e.T, e.V));
        Assert.Equal(Labels.FromStrings("trace_id", "abc"), e.Labels);
        Assert.Equal(WalRecordType.Exemplars, RecordDecoder.TypeOf(HandBuiltExemplars));
    }

    [Fact]
    public void Series_roundTrip_keepsRefsAndLabelSets()
    {
        RefSeries[] series =
        [
            new(1, Labels.FromStrings("__name__", "http_requests_total", "code", "200", "instance", "a:9100")),
            new(2, Labels.FromStrings("__name__", "ü_utf8", "path", "/ä/ß")),
            new(ulong.MaxValue, Labels.Empty),
        ];
        var list = new List<RefSeries>();
        new RecordDecoder().DecodeSeries(Encode(w => RecordEncoder.Series(series, w)), list);
        Assert.Equal(series.Length, list.Count);
        for (var i = 0; i < series.Length; i++)
        {
            Assert.Equal(series[i].Ref, list[i].Ref);
            Assert.Equal(series[i].Labels, list[i].Labels);
        }
    }

    [Fact]
    public void Samples_roundTrip_keepsValuesBitForBit()
    {
        var staleNaN = BitConverter.UInt64BitsToDouble(0x7ff0000000000002);
        RefSample[] samples =
        [
            new(100, 1_700_000_000_000, 1),
            new(3, 1_700_000_000_000 - 5, double.NegativeInfinity),
            new(ulong.MaxValue - 1, long.MaxValue / 2, staleNaN),
            new(100, 1_700_000_015_000, -0.0),
        ];
        var list = new List<RefSample>();
        RecordDecoder.DecodeSamples(Encode(w => RecordEncoder.Samples(samples, w)), list);
        Assert.Equal(samples.Length, list.Count);
        for (var i = 0; i < samples.Length; i++)
        {
            Assert.Equal(samples[i].Ref, list[i].Ref);
            Assert.Equal(samples[i].T, list[i].T);
            Assert.Equal(BitConverter.DoubleToUInt64Bits(samples[i].V), BitConverter.DoubleToUInt64Bits(list[i].V));
        }
    }

    [Fact]
    public void Samples_emptyRecord_isTheTypeByteAlone()
    {
        var bytes = Encode(w => RecordEncoder.Samples([], w));
        Assert.Equal([2], bytes);
        var list = new List<RefSample> { new(1, 1, 1) };
        RecordDecoder.DecodeSamples(bytes, list);
        Assert.Single(list);
    }

    [Fact]
    public void Exemplars_roundTrip()
    {
        RefExemplar[] exemplars =
        [
            new(7, 1000, 0.5, Labels.FromStrings("trace_id", "t1")),
            new(2, 999, 3, Labels.FromStrings("span_id", "s", "trace_id", "t2")),
        ];
        var list = new List<RefExemplar>();
        new RecordDecoder().DecodeExemplars(Encode(w => RecordEncoder.Exemplars(exemplars, w)), list);
        Assert.Equal(2, list.Count);
        Assert.Equal((7UL, 1000L, 0.5), (list[0].Ref, list[0].T, list[0].V));
        Assert.Equal(exemplars[1].Labels, list[1].Labels);
        Assert.Equal((2UL, 999L), (list[1].Ref, list[1].T));
    }

    [Fact]
    public void Tombstones_roundTrip()
    {
        RefTombstone[] stones = [new(1, -5, 10), new(9, 0, long.MaxValue)];
        var list = new List<RefTombstone>();
        RecordDecoder.DecodeTombstones(Encode(w => RecordEncoder.Tombstones(stones, w)), list);
        Assert.Equal(stones, list);
    }

    [Fact]
    public void MmapMarkers_roundTrip()
    {
        RefMmapMarker[] markers = [new(1, 0xdeadbeef), new(2, 0)];
        var list = new List<RefMmapMarker>();
        RecordDecoder.DecodeMmapMarkers(Encode(w => RecordEncoder.MmapMarkers(markers, w)), list);
        Assert.Equal(markers, list);
    }

    [Fact]
    public void Metadata_roundTrip()
    {
        RefMetadata[] meta =
        [
            new(1, MetricType.Counter, "seconds", "Total time."),
            new(300, MetricType.Gauge, "", ""),
        ];
        var list = new List<RefMetadata>();
        new RecordDecoder().DecodeMetadata(Encode(w => RecordEncoder.Metadata(meta, w)), list);
        Assert.Equal(meta, list);
    }

    [Fact]
    public void DecodeMetadata_unknownField_isSkipped()
    {
        byte[] rec = [6, 5, 2, 3, .. Str("UNIT"), .. Str("bytes"), .. Str("COLOR"), .. Str("red"), .. Str("HELP"), .. Str("h")];
        var list = new List<RefMetadata>();
        new RecordDecoder().DecodeMetadata(rec, list);
        Assert.Equal([new RefMetadata(5, MetricType.Gauge, "bytes", "h")], list);
    }

    public static TheoryData<WalRecordType, int> HistogramCases => new()
    {
        { WalRecordType.HistogramSamples, 3 },
        { WalRecordType.CustomBucketsHistogramSamples, WalHistogram.CustomBucketsSchema },
    };

    [Theory]
    [MemberData(nameof(HistogramCases))]
    public void Histograms_roundTrip(WalRecordType type, int schema)
    {
        var h = new WalHistogram
        {
            CounterResetHint = 2,
            Schema = schema,
            ZeroThreshold = 1e-128,
            ZeroCount = 4,
            Count = 19,
            Sum = 123.5,
            PositiveSpans = [new(0, 2), new(-3, 1)],
            NegativeSpans = [new(1, 1)],
            PositiveBuckets = [1, 3, -2],
            NegativeBuckets = [5],
            CustomValues = schema == WalHistogram.CustomBucketsSchema ? [0.1, 1, 10] : [],
        };
        RefHistogramSample[] samples = [new(4, 1000, h), new(2, 1001, h)];
        var bytes = Encode(w => RecordEncoder.Histograms(samples, w, type));
        Assert.Equal(type, RecordDecoder.TypeOf(bytes));
        var list = new List<RefHistogramSample>();
        RecordDecoder.DecodeHistograms(bytes, list);
        Assert.Equal(2, list.Count);
        Assert.Equal((2UL, 1001L), (list[1].Ref, list[1].T));
        var d = list[0].Histogram;
        Assert.Equal((h.CounterResetHint, h.Schema, h.ZeroThreshold, h.ZeroCount, h.Count, h.Sum), (d.CounterResetHint, d.Schema, d.ZeroThreshold, d.ZeroCount, d.Count, d.Sum));
        Assert.Equal(h.PositiveSpans, d.PositiveSpans);
        Assert.Equal(h.NegativeSpans, d.NegativeSpans);
        Assert.Equal(h.PositiveBuckets, d.PositiveBuckets);
        Assert.Equal(h.NegativeBuckets, d.NegativeBuckets);
        Assert.Equal(h.CustomValues, d.CustomValues);
    }

    public static TheoryData<WalRecordType, int> FloatHistogramCases => new()
    {
        { WalRecordType.FloatHistogramSamples, 0 },
        { WalRecordType.CustomBucketsFloatHistogramSamples, WalHistogram.CustomBucketsSchema },
    };

    [Theory]
    [MemberData(nameof(FloatHistogramCases))]
    public void FloatHistograms_roundTrip(WalRecordType type, int schema)
    {
        var h = new WalFloatHistogram
        {
            CounterResetHint = 3,
            Schema = schema,
            ZeroThreshold = 0.001,
            ZeroCount = 1.5,
            Count = 10.25,
            Sum = -4,
            PositiveSpans = [new(2, 3)],
            PositiveBuckets = [1, 2.5, 0.75],
            CustomValues = schema == WalHistogram.CustomBucketsSchema ? [5, 50] : [],
        };
        var bytes = Encode(w => RecordEncoder.FloatHistograms([new RefFloatHistogramSample(9, -7, h)], w, type));
        var list = new List<RefFloatHistogramSample>();
        RecordDecoder.DecodeFloatHistograms(bytes, list);
        var d = Assert.Single(list).Histogram;
        Assert.Equal((9UL, -7L), (list[0].Ref, list[0].T));
        Assert.Equal((h.Schema, h.ZeroCount, h.Count, h.Sum), (d.Schema, d.ZeroCount, d.Count, d.Sum));
        Assert.Equal(h.PositiveSpans, d.PositiveSpans);
        Assert.Equal(h.PositiveBuckets, d.PositiveBuckets);
        Assert.Empty(d.NegativeBuckets);
        Assert.Equal(h.CustomValues, d.CustomValues);
    }

    public static TheoryData<byte[], string> MalformedSamples => new()
    {
        { [2, 0, 0, 0], "runs past the end" },
        { [2, .. Be64(1), .. Be64(2), 0, 0, 1, 2, 3], "runs past the end" },
        { [2, .. Be64(1), .. Be64(2), 0x80], "runs past the end" },
        { [1, .. Be64(1)], "type byte is 1" },
        { [], "empty record" },
    };

    [Theory]
    [MemberData(nameof(MalformedSamples))]
    public void DecodeSamples_malformed_throwsRecordExceptionWithReason(byte[] record, string reason)
    {
        var e = Assert.Throws<WalRecordException>(() => RecordDecoder.DecodeSamples(record, []));
        Assert.Contains(reason, e.Message, StringComparison.Ordinal);
    }

    public static TheoryData<byte[], string> MalformedSeries => new()
    {
        { [1, .. Be64(1), 200, 1], "label count 200" },
        { [1, .. Be64(1), 1, 10, (byte)'a'], "runs past the end" },
        { [1, .. Be64(1), 2, .. Str("a"), .. Str("1"), .. Str("a"), .. Str("2")], "appears twice" },
        { [1, 0, 0], "runs past the end" },
    };

    [Theory]
    [MemberData(nameof(MalformedSeries))]
    public void DecodeSeries_malformed_throwsRecordExceptionWithReason(byte[] record, string reason)
    {
        var e = Assert.Throws<WalRecordException>(() => new RecordDecoder().DecodeSeries(record, []));
        Assert.Contains(reason, e.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void DecodeSeries_unsortedLabels_areSorted()
    {
        byte[] rec = [1, .. Be64(1), 2, .. Str("z"), .. Str("1"), .. Str("a"), .. Str("2")];
        var list = new List<RefSeries>();
        new RecordDecoder().DecodeSeries(rec, list);
        Assert.Equal(Labels.FromStrings("a", "2", "z", "1"), list[0].Labels);
    }

    [Fact]
    public void DecodeSeries_repeatedStrings_areInterned()
    {
        var bytes = Encode(w => RecordEncoder.Series(
            [new RefSeries(1, Labels.FromStrings("job", "node")), new RefSeries(2, Labels.FromStrings("job", "node"))], w));
        var list = new List<RefSeries>();
        new RecordDecoder().DecodeSeries(bytes, list);
        Assert.Same(list[0].Labels[0].Value, list[1].Labels[0].Value);
    }

    [Theory]
    [InlineData(new byte[] { 1 }, WalRecordType.Series)]
    [InlineData(new byte[] { 10 }, WalRecordType.CustomBucketsFloatHistogramSamples)]
    [InlineData(new byte[] { 11 }, WalRecordType.Unknown)]
    [InlineData(new byte[] { 0 }, WalRecordType.Unknown)]
    [InlineData(new byte[0], WalRecordType.Unknown)]
    public void TypeOf_firstByte_mapsToKnownTypesOnly(byte[] record, WalRecordType expected)
    {
        Assert.Equal(expected, RecordDecoder.TypeOf(record));
    }
}
