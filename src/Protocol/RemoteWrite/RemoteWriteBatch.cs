using System.Buffers;
using System.Runtime.InteropServices;
using System.Text;
using Scraper.Protocol.Model;

namespace Scraper.Protocol.RemoteWrite;

/// <summary>
/// A reusable batch of samples for one remote-write request. Samples of the same series (the same
/// <see cref="Labels"/> instance, or an equal one) are grouped into one <c>TimeSeries</c> with their samples in the
/// order added; series appear in the order they were first added. <see cref="EncodeV1"/> and
/// <see cref="EncodeV2"/> write the protobuf bytes of <c>prometheus.WriteRequest</c> and
/// <c>io.prometheus.write.v2.Request</c> directly, without building the generated message objects: once the
/// internal arrays have grown to the batch size, adding and encoding allocate nothing.
/// </summary>
/// <remarks>
/// The caller guarantees timestamp order per series (the WAL and the scrape loop produce it), and that a batch
/// is used by one thread at a time (a shard sender owns it). Not thread-safe.
/// </remarks>
public sealed class RemoteWriteBatch
{
    private const int NoEntry = -1;

    // Encodes that skip the ASCII fast path after one needed the exact one: a stream with non-ASCII labels then
    // costs one pass, not two, and a rare unicode value costs two passes once in a while.
    private const int ExactEncodesAfterFallback = 64;

    // Series-name suffixes that tie a series to its family in the Prometheus text format and OpenMetrics.
    private static readonly string[] FamilySuffixes = ["_total", "_bucket", "_count", "_sum", "_created", "_gcount", "_gsum", "_info"];

    private readonly Dictionary<Labels, int> _seriesIndex;
    private readonly List<MetricFamilyMetadata> _metadata = [];
    private readonly Dictionary<string, int> _metadataIndex = new(StringComparer.Ordinal);
    private readonly Dictionary<string, int> _symbolIndex = new(StringComparer.Ordinal);

    private SeriesEntry[] _series;
    private int _seriesCount;
    private SampleEntry[] _samples;
    private int _sampleCount;
    private ExemplarEntry[] _exemplars = [];
    private int _exemplarCount;
    private Labels? _lastSeries;
    private int _lastSeriesIndex;

    // Encoder scratch, reused between encodes: sizes computed by the sizing pass and consumed, in the same order,
    // by the writing pass; the 2.0 symbol table and label references.
    private int[] _sizes = new int[64];
    private int _sizeCount;
    private string[] _symbols = new string[64];
    private int[] _symbolLengths = new int[64];
    private int _symbolCount;
    private uint[] _refs = new uint[256];
    private int _refCount;
    private Labels? _previousLabels;
    private int _previousRefStart;
    private bool _ascii;
    private bool _asciiFailed;
    private int _exactEncodesLeft;

    /// <summary>Creates a batch sized for <paramref name="expectedSamples"/> samples; it grows when needed.</summary>
    public RemoteWriteBatch(int expectedSamples = 2000)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(expectedSamples);
        var capacity = Math.Max(expectedSamples, 4);
        _series = new SeriesEntry[capacity];
        _samples = new SampleEntry[capacity];
        _seriesIndex = new Dictionary<Labels, int>(capacity);
    }

    /// <summary>Number of distinct series in the batch.</summary>
    public int SeriesCount => _seriesCount;

    /// <summary>Number of samples in the batch.</summary>
    public int SampleCount => _sampleCount;

    /// <summary>Number of exemplars in the batch.</summary>
    public int ExemplarCount => _exemplarCount;

    /// <summary>Number of metric families with metadata in the batch.</summary>
    public int MetadataCount => _metadata.Count;

    /// <summary>True when the batch holds no sample, exemplar or metadata.</summary>
    public bool IsEmpty => _sampleCount == 0 && _exemplarCount == 0 && _metadata.Count == 0;

    /// <summary>The highest sample timestamp added (ms), or <see cref="long.MinValue"/> when there is none.</summary>
    public long HighestTimestampMs { get; private set; } = long.MinValue;

    /// <summary>The lowest sample timestamp added (ms), or <see cref="long.MaxValue"/> when there is none.</summary>
    public long LowestTimestampMs { get; private set; } = long.MaxValue;

    /// <summary>
    /// Adds one sample of <paramref name="series"/>. Samples of one series must be added in timestamp order.
    /// A stale marker is the NaN with bits <c>0x7ff0000000000002</c>; its bits are kept exactly.
    /// </summary>
    public void Add(Labels series, long timestampMs, double value)
    {
        ArgumentNullException.ThrowIfNull(series);
        var s = SeriesFor(series);
        if (_sampleCount == _samples.Length)
        {
            Array.Resize(ref _samples, _samples.Length * 2);
        }
        var i = _sampleCount++;
        _samples[i] = new SampleEntry { TimestampMs = timestampMs, Value = value, Next = NoEntry };
        ref var e = ref _series[s];
        if (e.LastSample == NoEntry)
        {
            e.FirstSample = i;
        }
        else
        {
            _samples[e.LastSample].Next = i;
        }
        e.LastSample = i;
        if (timestampMs > HighestTimestampMs)
        {
            HighestTimestampMs = timestampMs;
        }
        if (timestampMs < LowestTimestampMs)
        {
            LowestTimestampMs = timestampMs;
        }
    }

    /// <summary>
    /// Adds an exemplar to <paramref name="series"/> (the series is added if it has no sample yet). Exemplars of
    /// one series are written in the order added.
    /// </summary>
    public void AddExemplar(Labels series, Labels exemplarLabels, long timestampMs, double value)
    {
        ArgumentNullException.ThrowIfNull(series);
        ArgumentNullException.ThrowIfNull(exemplarLabels);
        var s = SeriesFor(series);
        if (_exemplarCount == _exemplars.Length)
        {
            Array.Resize(ref _exemplars, Math.Max(16, _exemplars.Length * 2));
        }
        var i = _exemplarCount++;
        _exemplars[i] = new ExemplarEntry { Labels = exemplarLabels, TimestampMs = timestampMs, Value = value, Next = NoEntry };
        ref var e = ref _series[s];
        if (e.LastExemplar == NoEntry)
        {
            e.FirstExemplar = i;
        }
        else
        {
            _exemplars[e.LastExemplar].Next = i;
        }
        e.LastExemplar = i;
    }

    /// <summary>
    /// Sets the metadata of one metric family; a second call for the same family replaces the first. 1.0 sends
    /// it as a <c>MetricMetadata</c> entry; 2.0 attaches it to every series of the family (by <c>__name__</c>,
    /// with the type's suffixes such as <c>_total</c> or <c>_bucket</c>).
    /// </summary>
    public void AddMetadata(MetricFamilyMetadata metadata)
    {
        ArgumentNullException.ThrowIfNull(metadata);
        ArgumentNullException.ThrowIfNull(metadata.MetricFamilyName);
        ArgumentNullException.ThrowIfNull(metadata.Help);
        ArgumentNullException.ThrowIfNull(metadata.Unit);
        ref var slot = ref CollectionsMarshal.GetValueRefOrAddDefault(_metadataIndex, metadata.MetricFamilyName, out var exists);
        if (exists)
        {
            _metadata[slot] = metadata;
        }
        else
        {
            slot = _metadata.Count;
            _metadata.Add(metadata);
        }
    }

    /// <summary>Empties the batch and keeps its arrays for the next one.</summary>
    public void Clear()
    {
        Array.Clear(_series, 0, _seriesCount);
        Array.Clear(_exemplars, 0, _exemplarCount);
        Array.Clear(_symbols, 0, _symbolCount);
        _seriesCount = 0;
        _sampleCount = 0;
        _exemplarCount = 0;
        _symbolCount = 0;
        _seriesIndex.Clear();
        _metadata.Clear();
        _metadataIndex.Clear();
        _symbolIndex.Clear();
        _lastSeries = null;
        _previousLabels = null;
        HighestTimestampMs = long.MinValue;
        LowestTimestampMs = long.MaxValue;
    }

    private int SeriesFor(Labels series)
    {
        // Consecutive samples of one series are common (a series' samples over several scrapes, or the same
        // cached instance), so the last lookup short-cuts the dictionary.
        if (ReferenceEquals(series, _lastSeries))
        {
            return _lastSeriesIndex;
        }
        ref var slot = ref CollectionsMarshal.GetValueRefOrAddDefault(_seriesIndex, series, out var exists);
        if (!exists)
        {
            if (_seriesCount == _series.Length)
            {
                Array.Resize(ref _series, _series.Length * 2);
            }
            slot = _seriesCount++;
            _series[slot] = new SeriesEntry
            {
                Labels = series,
                FirstSample = NoEntry,
                LastSample = NoEntry,
                FirstExemplar = NoEntry,
                LastExemplar = NoEntry,
            };
        }
        _lastSeries = series;
        _lastSeriesIndex = slot;
        return slot;
    }

    /// <summary>
    /// Writes the batch as a <c>prometheus.WriteRequest</c> (Remote-Write 1.0) into <paramref name="destination"/>:
    /// one <c>TimeSeries</c> per series with its labels in name order, its samples and exemplars in the order
    /// added, then one <c>MetricMetadata</c> per family. The bytes equal the generated
    /// <c>WriteRequest.ToByteArray()</c> of the same content. Returns the number of bytes written.
    /// </summary>
    public int EncodeV1(IBufferWriter<byte> destination)
    {
        ArgumentNullException.ThrowIfNull(destination);
        return Encode(destination, v2: false);
    }

    private int EncodeV1Core(IBufferWriter<byte> destination)
    {
        _sizeCount = 0;
        var total = 0;
        for (var s = 0; s < _seriesCount; s++)
        {
            ref var e = ref _series[s];
            var size = SizeLabelsV1(e.Labels);
            for (var i = e.FirstSample; i != NoEntry; i = _samples[i].Next)
            {
                size += ProtoWire.LengthDelimitedSize(SampleSize(_samples[i].TimestampMs, _samples[i].Value));
            }
            for (var i = e.FirstExemplar; i != NoEntry; i = _exemplars[i].Next)
            {
                var slot = PushSize(0);
                ref var x = ref _exemplars[i];
                var exSize = SizeLabelsV1(x.Labels) + SampleSize(x.TimestampMs, x.Value);
                _sizes[slot] = exSize;
                size += ProtoWire.LengthDelimitedSize(exSize);
            }
            e.EncodedSize = size;
            total += ProtoWire.LengthDelimitedSize(size);
        }
        foreach (var m in _metadata)
        {
            var size = ProtoWire.UInt32FieldSize((uint)m.Type)
                + ProtoWire.StringFieldSize(PushSize(StringLength(m.MetricFamilyName), returnValue: true))
                + ProtoWire.StringFieldSize(PushSize(StringLength(m.Help), returnValue: true))
                + ProtoWire.StringFieldSize(PushSize(StringLength(m.Unit), returnValue: true));
            PushSize(size);
            total += ProtoWire.LengthDelimitedSize(size);
        }

        var dst = destination.GetSpan(total);
        var pos = 0;
        var cursor = 0;
        for (var s = 0; s < _seriesCount; s++)
        {
            ref var e = ref _series[s];
            ProtoWire.WriteLengthPrefix(dst, ref pos, 1, e.EncodedSize);
            WriteLabelsV1(dst, ref pos, ref cursor, 1, e.Labels);
            for (var i = e.FirstSample; i != NoEntry; i = _samples[i].Next)
            {
                WriteSample(dst, ref pos, 2, _samples[i].TimestampMs, _samples[i].Value);
            }
            for (var i = e.FirstExemplar; i != NoEntry; i = _exemplars[i].Next)
            {
                ref var x = ref _exemplars[i];
                ProtoWire.WriteLengthPrefix(dst, ref pos, 3, _sizes[cursor++]);
                WriteLabelsV1(dst, ref pos, ref cursor, 1, x.Labels);
                ProtoWire.WriteDoubleField(dst, ref pos, 2, x.Value);
                ProtoWire.WriteInt64Field(dst, ref pos, 3, x.TimestampMs);
            }
        }
        foreach (var m in _metadata)
        {
            var nameLength = _sizes[cursor++];
            var helpLength = _sizes[cursor++];
            var unitLength = _sizes[cursor++];
            ProtoWire.WriteLengthPrefix(dst, ref pos, 3, _sizes[cursor++]);
            ProtoWire.WriteUInt32Field(dst, ref pos, 1, (uint)m.Type);
            WriteString(dst, ref pos, 2, m.MetricFamilyName, nameLength);
            WriteString(dst, ref pos, 4, m.Help, helpLength);
            WriteString(dst, ref pos, 5, m.Unit, unitLength);
        }
        return Checked(pos, total);
    }

    /// <summary>
    /// Writes the batch as an <c>io.prometheus.write.v2.Request</c> (Remote-Write 2.0) into
    /// <paramref name="destination"/>: the symbol table (the empty string first, every other string once, in
    /// order of first use), then one <c>TimeSeries</c> per series with its <c>labels_refs</c> name/value pairs in
    /// name order, samples and exemplars in the order added, and the family's metadata (type, help_ref, unit_ref)
    /// when one was added. The bytes equal the generated <c>Request.ToByteArray()</c> of the same content.
    /// Returns the number of bytes written.
    /// </summary>
    public int EncodeV2(IBufferWriter<byte> destination)
    {
        ArgumentNullException.ThrowIfNull(destination);
        return Encode(destination, v2: true);
    }

    private int Encode(IBufferWriter<byte> destination, bool v2)
    {
        // Label names and values are nearly always ASCII, where the UTF-8 length is the string length and encoding
        // is a vectorized narrowing copy: far cheaper than counting and transcoding every string twice. Try that
        // first; a non-ASCII string makes the narrowing fail, and the batch is encoded again with exact UTF-8
        // lengths. Nothing reaches the destination before Advance, so the failed attempt leaves no trace. After
        // a fallback the next encodes go straight to the exact path for a while.
        if (_exactEncodesLeft > 0)
        {
            _exactEncodesLeft--;
            _ascii = false;
        }
        else
        {
            _ascii = true;
            _asciiFailed = false;
            var written = v2 ? EncodeV2Core(destination) : EncodeV1Core(destination);
            if (!_asciiFailed)
            {
                destination.Advance(written);
                return written;
            }
            _exactEncodesLeft = ExactEncodesAfterFallback;
            _ascii = false;
        }
        var exact = v2 ? EncodeV2Core(destination) : EncodeV1Core(destination);
        destination.Advance(exact);
        return exact;
    }

    private int EncodeV2Core(IBufferWriter<byte> destination)
    {
        _sizeCount = 0;
        _refCount = 0;
        _previousLabels = null;
        _symbolCount = 0;
        _symbolIndex.Clear();
        Symbol(string.Empty);

        var hasMetadata = _metadata.Count > 0;
        var total = 0;
        for (var s = 0; s < _seriesCount; s++)
        {
            ref var e = ref _series[s];
            var size = SizeLabelsV2(e.Labels, out e.PackedRefsSize);
            for (var i = e.FirstSample; i != NoEntry; i = _samples[i].Next)
            {
                size += ProtoWire.LengthDelimitedSize(SampleSize(_samples[i].TimestampMs, _samples[i].Value));
            }
            for (var i = e.FirstExemplar; i != NoEntry; i = _exemplars[i].Next)
            {
                ref var x = ref _exemplars[i];
                var exSize = SizeLabelsV2(x.Labels, out var packed) + SampleSize(x.TimestampMs, x.Value);
                PushSize(packed);
                PushSize(exSize);
                size += ProtoWire.LengthDelimitedSize(exSize);
            }
            e.Metadata = hasMetadata ? FindMetadata(e.Labels.MetricName) : NoEntry;
            if (e.Metadata != NoEntry)
            {
                var m = _metadata[e.Metadata];
                e.HelpRef = Symbol(m.Help);
                e.UnitRef = Symbol(m.Unit);
                e.MetadataSize = ProtoWire.UInt32FieldSize((uint)m.Type)
                    + ProtoWire.UInt32FieldSize(e.HelpRef)
                    + ProtoWire.UInt32FieldSize(e.UnitRef);
                size += ProtoWire.LengthDelimitedSize(e.MetadataSize);
            }
            e.EncodedSize = size;
            total += ProtoWire.LengthDelimitedSize(size);
        }
        for (var i = 0; i < _symbolCount; i++)
        {
            total += ProtoWire.LengthDelimitedSize(_symbolLengths[i]);
        }

        var dst = destination.GetSpan(total);
        var pos = 0;
        for (var i = 0; i < _symbolCount; i++)
        {
            WriteString(dst, ref pos, 4, _symbols[i], _symbolLengths[i], always: true);
        }
        var cursor = 0;
        var refCursor = 0;
        for (var s = 0; s < _seriesCount; s++)
        {
            ref var e = ref _series[s];
            ProtoWire.WriteLengthPrefix(dst, ref pos, 5, e.EncodedSize);
            WriteRefs(dst, ref pos, ref refCursor, e.Labels.Count * 2, e.PackedRefsSize);
            for (var i = e.FirstSample; i != NoEntry; i = _samples[i].Next)
            {
                WriteSample(dst, ref pos, 2, _samples[i].TimestampMs, _samples[i].Value);
            }
            for (var i = e.FirstExemplar; i != NoEntry; i = _exemplars[i].Next)
            {
                ref var x = ref _exemplars[i];
                var packed = _sizes[cursor++];
                ProtoWire.WriteLengthPrefix(dst, ref pos, 4, _sizes[cursor++]);
                WriteRefs(dst, ref pos, ref refCursor, x.Labels.Count * 2, packed);
                ProtoWire.WriteDoubleField(dst, ref pos, 2, x.Value);
                ProtoWire.WriteInt64Field(dst, ref pos, 3, x.TimestampMs);
            }
            if (e.Metadata != NoEntry)
            {
                ProtoWire.WriteLengthPrefix(dst, ref pos, 5, e.MetadataSize);
                ProtoWire.WriteUInt32Field(dst, ref pos, 1, (uint)_metadata[e.Metadata].Type);
                ProtoWire.WriteUInt32Field(dst, ref pos, 3, e.HelpRef);
                ProtoWire.WriteUInt32Field(dst, ref pos, 4, e.UnitRef);
            }
        }
        return Checked(pos, total);
    }

    private static int Checked(int written, int expected)
    {
        if (written != expected)
        {
            // A sizing bug would corrupt every length prefix after it; fail loudly rather than send garbage.
            throw new InvalidOperationException($"remote-write encoder wrote {written} bytes where it sized {expected}");
        }
        return written;
    }

    // The UTF-8 length of s as the current mode sees it (see Encode).
    private int StringLength(string s) => _ascii ? s.Length : ProtoWire.Utf8Length(s);

    private void WriteString(Span<byte> dst, ref int pos, int field, string value, int length, bool always = false)
    {
        if (length == 0 && !always)
        {
            return;
        }
        ProtoWire.WriteLengthPrefix(dst, ref pos, field, length);
        if (_ascii)
        {
            // Keep writing on failure (the layout stays as sized, so nothing overflows); the caller starts over.
            if (!ProtoWire.TryNarrowAscii(value, dst.Slice(pos, length)))
            {
                _asciiFailed = true;
            }
            pos += length;
        }
        else
        {
            pos += Encoding.UTF8.GetBytes(value, dst[pos..]);
        }
    }

    private static int SampleSize(long timestampMs, double value) =>
        ProtoWire.DoubleFieldSize(value) + ProtoWire.Int64FieldSize(timestampMs);

    private static void WriteSample(Span<byte> dst, ref int pos, int field, long timestampMs, double value)
    {
        ProtoWire.WriteLengthPrefix(dst, ref pos, field, SampleSize(timestampMs, value));
        ProtoWire.WriteDoubleField(dst, ref pos, 1, value);
        ProtoWire.WriteInt64Field(dst, ref pos, 2, timestampMs);
    }

    // 1.0 labels: repeated Label { name = 1; value = 2; }. Pushes the UTF-8 length of every name and value.
    private int SizeLabelsV1(Labels labels)
    {
        var size = 0;
        if (_ascii)
        {
            // Lengths are the string lengths here: nothing to remember for the writing pass.
            foreach (var l in labels.AsSpan())
            {
                size += ProtoWire.LengthDelimitedSize(ProtoWire.StringFieldSize(l.Name.Length) + ProtoWire.StringFieldSize(l.Value.Length));
            }
            return size;
        }
        foreach (var l in labels.AsSpan())
        {
            var n = PushSize(StringLength(l.Name), returnValue: true);
            var v = PushSize(StringLength(l.Value), returnValue: true);
            size += ProtoWire.LengthDelimitedSize(ProtoWire.StringFieldSize(n) + ProtoWire.StringFieldSize(v));
        }
        return size;
    }

    private void WriteLabelsV1(Span<byte> dst, ref int pos, ref int cursor, int field, Labels labels)
    {
        foreach (var l in labels.AsSpan())
        {
            int n, v;
            if (_ascii)
            {
                n = l.Name.Length;
                v = l.Value.Length;
                if (n > 0 && v > 0 && n + v < 124)
                {
                    // The common label: every length fits one varint byte, so the message is laid out directly.
                    var at = pos;
                    dst[at] = ProtoWire.Tag(field, ProtoWire.LengthDelimited);
                    dst[at + 1] = (byte)(n + v + 4);
                    dst[at + 2] = ProtoWire.Tag(1, ProtoWire.LengthDelimited);
                    dst[at + 3] = (byte)n;
                    dst[at + 4 + n] = ProtoWire.Tag(2, ProtoWire.LengthDelimited);
                    dst[at + 5 + n] = (byte)v;
                    if (!ProtoWire.TryNarrowAscii(l.Name, dst.Slice(at + 4, n)) | !ProtoWire.TryNarrowAscii(l.Value, dst.Slice(at + 6 + n, v)))
                    {
                        _asciiFailed = true;
                    }
                    pos = at + 6 + n + v;
                    continue;
                }
            }
            else
            {
                n = _sizes[cursor++];
                v = _sizes[cursor++];
            }
            ProtoWire.WriteLengthPrefix(dst, ref pos, field, ProtoWire.StringFieldSize(n) + ProtoWire.StringFieldSize(v));
            WriteString(dst, ref pos, 1, l.Name, n);
            WriteString(dst, ref pos, 2, l.Value, v);
        }
    }

    // 2.0 labels: packed repeated uint32 labels_refs = 1. Appends the refs and returns the field's size.
    private int SizeLabelsV2(Labels labels, out int packedSize)
    {
        packedSize = 0;
        var span = labels.AsSpan();
        if (span.IsEmpty)
        {
            return 0;
        }
        if (_refCount + (span.Length * 2) > _refs.Length)
        {
            Array.Resize(ref _refs, Math.Max(_refs.Length * 2, _refCount + (span.Length * 2)));
        }
        // Neighbouring series usually share most strings by reference (label names, and job, instance and other
        // target labels when the label sets come from one cache or an interning reader). A string that is the
        // same object as the previous label set's string at the same position has the same symbol: one pointer
        // compare instead of hashing it for the symbol table.
        var previous = _previousLabels is null ? default : _previousLabels.AsSpan();
        var previousStart = _previousRefStart;
        var start = _refCount;
        for (var i = 0; i < span.Length; i++)
        {
            var l = span[i];
            uint n, v;
            if (i < previous.Length && ReferenceEquals(previous[i].Name, l.Name))
            {
                n = _refs[previousStart + (2 * i)];
            }
            else
            {
                n = Symbol(l.Name);
            }
            if (i < previous.Length && ReferenceEquals(previous[i].Value, l.Value))
            {
                v = _refs[previousStart + (2 * i) + 1];
            }
            else
            {
                v = Symbol(l.Value);
            }
            _refs[_refCount++] = n;
            _refs[_refCount++] = v;
            packedSize += ProtoWire.VarintSize(n) + ProtoWire.VarintSize(v);
        }
        _previousLabels = labels;
        _previousRefStart = start;
        return ProtoWire.LengthDelimitedSize(packedSize);
    }

    private void WriteRefs(Span<byte> dst, ref int pos, ref int refCursor, int count, int packedSize)
    {
        if (count == 0)
        {
            return;
        }
        ProtoWire.WriteLengthPrefix(dst, ref pos, 1, packedSize);
        var end = refCursor + count;
        for (; refCursor < end; refCursor++)
        {
            ProtoWire.WriteVarint(dst, ref pos, _refs[refCursor]);
        }
    }

    private uint Symbol(string value)
    {
        ref var slot = ref CollectionsMarshal.GetValueRefOrAddDefault(_symbolIndex, value, out var exists);
        if (!exists)
        {
            if (_symbolCount == _symbols.Length)
            {
                Array.Resize(ref _symbols, _symbols.Length * 2);
                Array.Resize(ref _symbolLengths, _symbolLengths.Length * 2);
            }
            slot = _symbolCount;
            _symbols[_symbolCount] = value;
            _symbolLengths[_symbolCount] = StringLength(value);
            _symbolCount++;
        }
        return (uint)slot;
    }

    private int PushSize(int size, bool returnValue = false)
    {
        if (_sizeCount == _sizes.Length)
        {
            Array.Resize(ref _sizes, _sizes.Length * 2);
        }
        var slot = _sizeCount++;
        _sizes[slot] = size;
        return returnValue ? size : slot;
    }

    private int FindMetadata(string metricName)
    {
        if (metricName.Length == 0)
        {
            return NoEntry;
        }
        if (_metadataIndex.TryGetValue(metricName, out var exact))
        {
            return exact;
        }
        var lookup = _metadataIndex.GetAlternateLookup<ReadOnlySpan<char>>();
        foreach (var suffix in FamilySuffixes)
        {
            if (metricName.Length > suffix.Length && metricName.EndsWith(suffix, StringComparison.Ordinal)
                && lookup.TryGetValue(metricName.AsSpan(0, metricName.Length - suffix.Length), out var index)
                && TypeHasSuffix(_metadata[index].Type, suffix))
            {
                return index;
            }
        }
        return NoEntry;
    }

    private static bool TypeHasSuffix(RemoteWriteMetricType type, string suffix) => type switch
    {
        RemoteWriteMetricType.Counter => suffix is "_total" or "_created",
        RemoteWriteMetricType.Histogram => suffix is "_bucket" or "_count" or "_sum" or "_created",
        RemoteWriteMetricType.GaugeHistogram => suffix is "_bucket" or "_gcount" or "_gsum",
        RemoteWriteMetricType.Summary => suffix is "_count" or "_sum" or "_created",
        RemoteWriteMetricType.Info => suffix is "_info",
        _ => false,
    };

    private struct SeriesEntry
    {
        public Labels Labels;
        public int FirstSample;
        public int LastSample;
        public int FirstExemplar;
        public int LastExemplar;
        public int EncodedSize;
        public int PackedRefsSize;
        public int Metadata;
        public int MetadataSize;
        public uint HelpRef;
        public uint UnitRef;
    }

    private struct SampleEntry
    {
        public long TimestampMs;
        public double Value;
        public int Next;
    }

    private struct ExemplarEntry
    {
        public Labels Labels;
        public long TimestampMs;
        public double Value;
        public int Next;
    }
}
