using System.Buffers;
using System.Runtime.InteropServices;
using Scraper.Protocol.Model;

namespace Scraper.Protocol.RemoteWrite;

// Remote-Write 2.0: io.prometheus.write.v2.Request { repeated string symbols = 4; repeated TimeSeries timeseries = 5; }
public sealed partial class RemoteWriteBatch
{
    // Series-name suffixes that tie a series to its family in the Prometheus text format and OpenMetrics.
    private static readonly string[] FamilySuffixes = ["_total", "_bucket", "_count", "_sum", "_created", "_gcount", "_gsum", "_info"];

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

    private static bool TypeHasSuffix(MetricType type, string suffix) => type switch
    {
        MetricType.Counter => suffix is "_total" or "_created",
        MetricType.Histogram => suffix is "_bucket" or "_count" or "_sum" or "_created",
        MetricType.GaugeHistogram => suffix is "_bucket" or "_gcount" or "_gsum",
        MetricType.Summary => suffix is "_count" or "_sum" or "_created",
        MetricType.Info => suffix is "_info",
        _ => false,
    };
}
