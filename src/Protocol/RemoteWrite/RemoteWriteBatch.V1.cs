using System.Buffers;
using Scraper.Protocol.Model;

namespace Scraper.Protocol.RemoteWrite;

// Remote-Write 1.0: prometheus.WriteRequest { repeated TimeSeries timeseries = 1; repeated MetricMetadata metadata = 3; }
public sealed partial class RemoteWriteBatch
{
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
}
