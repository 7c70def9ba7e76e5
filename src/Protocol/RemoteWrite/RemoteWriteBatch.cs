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
public sealed partial class RemoteWriteBatch
{
    private const int NoEntry = -1;

    // Encodes that skip the ASCII fast path after one needed the exact one: a stream with non-ASCII labels then
    // costs one pass, not two, and a rare unicode value costs two passes once in a while.
    private const int ExactEncodesAfterFallback = 64;

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
    /// one series are written in the order added. A series with exemplars but no sample is still sent, as
    /// Prometheus's own 1.0 and 2.0 senders do (the 2.0 spec asks for at least one sample per series).
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

    private struct SeriesEntry
    {
        public Labels Labels;
        public int FirstSample;
        public int LastSample;
        public int FirstExemplar;
        public int LastExemplar;

        // Computed by the encoders' sizing pass, read by their writing pass.
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
