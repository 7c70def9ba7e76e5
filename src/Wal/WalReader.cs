using System.Buffers.Binary;
using System.Globalization;
using Microsoft.Win32.SafeHandles;
using Scraper.Protocol.Buffers;
using Snappier;

namespace Scraper.Wal;

/// <summary>
/// Reads records from a WAL (or checkpoint) directory, segment after segment, starting at a
/// <see cref="WalPosition"/>. One reader per consumer; it may run concurrently with the writer.
/// <para>
/// Live reading (the default): at the end of the data it returns <see cref="WalReadStatus.EndOfData"/> and the
/// caller waits (see <see cref="WalNotifier"/>) and calls <see cref="Next"/> again, which resumes where the last
/// complete record ended. A record whose tail is not written yet is not an error; nor is a torn record at the end
/// of the newest segment: only the writer's repair on open decides about those. A segment counts as finished once
/// a later segment exists; then a torn record at its end is corruption.
/// </para>
/// <para>
/// Sealed reading (<see cref="WalReaderOptions.Sealed"/>): no writer is appending (replay at open, checkpoints),
/// so the end of the data is final and a torn last record is reported as corruption.
/// </para>
/// Corruption throws <see cref="WalCorruptionException"/> with the segment and the offset of the record that
/// cannot be read; the reader stays at that record.
/// </summary>
public sealed class WalReader : IDisposable
{
    private const int DefaultBufferPages = 8;

    private readonly string _directory;
    private readonly bool _sealed;
    private readonly int _lastSegment;
    private readonly byte[] _buffer;
    private readonly PooledBufferWriter _assembly = new(WalFormat.PageSize);
    private readonly PooledBufferWriter _decompressed = new(WalFormat.PageSize);

    private SafeFileHandle? _file;
    private int _segment;
    private long _offset;
    private long _bufferStart;
    private int _bufferLength;
    private bool _rechecked;
    private long _tornStart;

    private ReadOnlyMemory<byte> _record;
    private WalPosition _recordStart;
    private bool _disposed;

    /// <summary>Creates a reader of <paramref name="directory"/> that starts at <paramref name="start"/>.</summary>
    public WalReader(string directory, WalPosition start, WalReaderOptions? options = null)
    {
        ArgumentException.ThrowIfNullOrEmpty(directory);
        ArgumentOutOfRangeException.ThrowIfNegative(start.Segment);
        ArgumentOutOfRangeException.ThrowIfNegative(start.Offset);
        options ??= WalReaderOptions.Live;
        _directory = directory;
        _sealed = options.Sealed;
        _lastSegment = options.LastSegment ?? int.MaxValue;
        _buffer = new byte[Math.Max(1, options.BufferPages ?? DefaultBufferPages) * WalFormat.PageSize];
        _segment = start.Segment;
        _offset = start.Offset;
        _recordStart = start;
    }

    /// <summary>The directory read.</summary>
    public string Directory => _directory;

    /// <summary>Where the next record starts: persist this to resume after the current record.</summary>
    public WalPosition Position => new(_segment, _offset);

    /// <summary>Where the current record starts.</summary>
    public WalPosition RecordStart => _recordStart;

    /// <summary>The current record, decompressed; valid until the next call to <see cref="Next"/>.</summary>
    public ReadOnlySpan<byte> Record => _record.Span;

    /// <summary>The current record's type.</summary>
    public WalRecordType RecordType => RecordDecoder.TypeOf(Record);

    /// <summary>Records returned so far.</summary>
    public long RecordsRead { get; private set; }

    /// <summary>Segment bytes consumed so far (headers, data and padding).</summary>
    public long BytesRead { get; private set; }

    /// <summary>
    /// Advances to the next record. <see cref="WalReadStatus.Record"/>: <see cref="Record"/> holds it.
    /// <see cref="WalReadStatus.EndOfData"/>: nothing more now (live) or at all (sealed, or past
    /// <see cref="WalReaderOptions.LastSegment"/>). <see cref="WalReadStatus.SegmentTruncated"/>: the segment to read
    /// next was deleted by truncation; restart from the last checkpoint and the first remaining segment.
    /// </summary>
    public WalReadStatus Next()
    {
        ObjectDisposedException.ThrowIf(_disposed, this);
        while (true)
        {
            if (_segment > _lastSegment)
            {
                return WalReadStatus.EndOfData;
            }
            if (_file is null)
            {
                var opened = OpenSegment();
                if (opened is { } status)
                {
                    return status;
                }
            }

            var end = ReadRecord();
            if (end == RecordEnd.Record)
            {
                _rechecked = false;
                RecordsRead++;
                return WalReadStatus.Record;
            }

            // Out of data in this segment. It is finished when no writer appends to it any more: sealed reading, or
            // a later segment exists (the writer creates the next segment only after the last write to this one).
            var next = WalFormat.SegmentPath(_directory, _segment + 1);
            var finished = _sealed || File.Exists(next);
            if (!finished)
            {
                return WalReadStatus.EndOfData;
            }
            if (!_sealed && !_rechecked)
            {
                // The writer may have appended between our last read and creating the next segment: read once more.
                _rechecked = true;
                continue;
            }
            _rechecked = false;
            if (end == RecordEnd.Torn)
            {
                throw Corruption(
                    _tornStart,
                    File.Exists(next)
                        ? "torn record at the end of a finished segment (a later segment exists)"
                        : "torn record at the end of the WAL");
            }
            CloseSegment();
            _segment++;
            _offset = 0;
        }
    }

    /// <summary>Closes the segment file.</summary>
    public void Dispose()
    {
        if (_disposed)
        {
            return;
        }
        _disposed = true;
        CloseSegment();
        _assembly.Dispose();
        _decompressed.Dispose();
    }

    private WalReadStatus? OpenSegment()
    {
        try
        {
            _file = File.OpenHandle(
                WalFormat.SegmentPath(_directory, _segment), FileMode.Open, FileAccess.Read, FileShare.ReadWrite | FileShare.Delete);
        }
        catch (Exception e) when (e is FileNotFoundException or DirectoryNotFoundException)
        {
            var segments = WalDirectory.ListSegments(_directory);
            if (segments.Count == 0 || segments[^1] < _segment)
            {
                // Not created yet (or a sealed reader ran past the last segment).
                return WalReadStatus.EndOfData;
            }
            if (segments[0] > _segment)
            {
                return WalReadStatus.SegmentTruncated;
            }
            throw Corruption(0, "segment is missing while segments before and after it exist");
        }
        _bufferStart = 0;
        _bufferLength = 0;
        return null;
    }

    private void CloseSegment()
    {
        _file?.Dispose();
        _file = null;
        _bufferStart = 0;
        _bufferLength = 0;
    }

    private enum RecordEnd
    {
        Record,
        Clean,
        Torn,
    }

    /// <summary>
    /// Reads one record from <see cref="_offset"/>. On running out of data it leaves <see cref="_offset"/> at the
    /// start of the incomplete record (so the next call re-reads it whole) and says whether any of it was there.
    /// </summary>
    private RecordEnd ReadRecord()
    {
        var start = _offset;
        var off = _offset;
        var assembling = false;
        byte compression = 0;
        _assembly.Reset();

        while (true)
        {
            var pageLeft = WalFormat.PageSize - (int)(off % WalFormat.PageSize);
            if (pageLeft < WalFormat.FragmentHeaderSize)
            {
                // Too little room left for a header: the writer padded the page.
                if (!Ensure(off, pageLeft))
                {
                    return OutOfData(start, assembling);
                }
                CheckZeros(start, off, pageLeft);
                off += pageLeft;
                start = assembling ? start : off;
                continue;
            }
            if (!Ensure(off, 1))
            {
                return OutOfData(start, assembling);
            }
            var typeByte = _buffer[off - _bufferStart];
            if (typeByte == 0)
            {
                // Page terminator: the rest of the page is zeros.
                if (!Ensure(off, pageLeft))
                {
                    return OutOfData(start, assembling);
                }
                CheckZeros(start, off, pageLeft);
                off += pageLeft;
                start = assembling ? start : off;
                continue;
            }
            if (!Ensure(off, WalFormat.FragmentHeaderSize))
            {
                return OutOfData(start, torn: true);
            }
            var header = _buffer.AsSpan((int)(off - _bufferStart), WalFormat.FragmentHeaderSize);
            var type = (FragmentType)(typeByte & WalFormat.FragmentTypeMask);
            var flags = (byte)(typeByte & (WalFormat.SnappyFlag | WalFormat.ZstdFlag));
            if (type > FragmentType.Last)
            {
                throw Corruption(start, Invariant($"unknown fragment type {(int)type} in byte 0x{typeByte:x2} at offset {off}"));
            }
            int length = BinaryPrimitives.ReadUInt16BigEndian(header[1..]);
            var crc = BinaryPrimitives.ReadUInt32BigEndian(header[3..]);
            if (length > pageLeft - WalFormat.FragmentHeaderSize)
            {
                throw Corruption(
                    start, Invariant($"fragment of {length} bytes at offset {off} would cross the page boundary ({pageLeft} bytes left)"));
            }
            if (!Ensure(off, WalFormat.FragmentHeaderSize + length))
            {
                return OutOfData(start, torn: true);
            }
            var data = _buffer.AsSpan((int)(off - _bufferStart) + WalFormat.FragmentHeaderSize, length);
            var actual = Crc32Castagnoli.Compute(data);
            if (actual != crc)
            {
                throw Corruption(start, Invariant($"checksum mismatch in fragment at offset {off}: stored {crc:x8}, computed {actual:x8}"));
            }

            switch (type)
            {
                case FragmentType.Full when !assembling:
                    _offset = off + WalFormat.FragmentHeaderSize + length;
                    return Complete(start, flags, _buffer.AsMemory((int)(off - _bufferStart) + WalFormat.FragmentHeaderSize, length));
                case FragmentType.First when !assembling:
                    assembling = true;
                    compression = flags;
                    _assembly.Write(data);
                    break;
                case FragmentType.Middle or FragmentType.Last when assembling:
                    if (flags != compression)
                    {
                        throw Corruption(start, Invariant($"fragment at offset {off} changes the compression flags of its record"));
                    }
                    _assembly.Write(data);
                    if (type == FragmentType.Last)
                    {
                        _offset = off + WalFormat.FragmentHeaderSize + length;
                        return Complete(start, flags, _assembly.WrittenMemory);
                    }
                    break;
                default:
                    throw Corruption(
                        start,
                        assembling
                            ? Invariant($"{type} fragment at offset {off} while the record that started at {start} is unfinished")
                            : Invariant($"{type} fragment at offset {off} without a first fragment"));
            }
            off += WalFormat.FragmentHeaderSize + length;
        }
    }

    private RecordEnd OutOfData(long start, bool torn)
    {
        _tornStart = start;
        return torn ? RecordEnd.Torn : RecordEnd.Clean;
    }

    private RecordEnd Complete(long start, byte flags, ReadOnlyMemory<byte> data)
    {
        BytesRead += _offset - start;
        _recordStart = new WalPosition(_segment, start);
        if ((flags & WalFormat.ZstdFlag) != 0)
        {
            throw Corruption(start, "record is zstd-compressed, which this reader does not support");
        }
        if ((flags & WalFormat.SnappyFlag) == 0 || data.IsEmpty)
        {
            _record = data;
            return RecordEnd.Record;
        }
        var compressed = data.Span;
        try
        {
            var size = Snappy.GetUncompressedLength(compressed);
            _decompressed.Reset();
            _decompressed.Advance(Snappy.Decompress(compressed, _decompressed.GetSpan(size)));
            _record = _decompressed.WrittenMemory;
        }
        catch (Exception e) when (e is InvalidDataException or ArgumentException)
        {
            throw Corruption(start, $"snappy data does not decompress: {e.Message}");
        }
        return RecordEnd.Record;
    }

    private void CheckZeros(long recordStart, long off, int count)
    {
        var span = _buffer.AsSpan((int)(off - _bufferStart), count);
        var bad = span.IndexOfAnyExcept((byte)0);
        if (bad >= 0)
        {
            throw Corruption(recordStart, Invariant($"non-zero byte in page padding at offset {off + bad}"));
        }
    }

    /// <summary>
    /// Makes [<paramref name="off"/>, +<paramref name="count"/>) (within one page) available in the buffer, reading
    /// from the start of that page on. False when the segment does not hold that much (yet).
    /// </summary>
    private bool Ensure(long off, int count)
    {
        if (off >= _bufferStart && off + count <= _bufferStart + _bufferLength)
        {
            return true;
        }
        var pageStart = off - (off % WalFormat.PageSize);
        var filled = 0;
        while (filled < _buffer.Length)
        {
            var n = RandomAccess.Read(_file!, _buffer.AsSpan(filled), pageStart + filled);
            if (n == 0)
            {
                break;
            }
            filled += n;
        }
        _bufferStart = pageStart;
        _bufferLength = filled;
        return off + count <= pageStart + filled;
    }

    private WalCorruptionException Corruption(long offset, string reason) => new(_directory, _segment, offset, reason);

    private static string Invariant(FormattableString s) => s.ToString(CultureInfo.InvariantCulture);
}
