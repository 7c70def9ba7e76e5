using System.Buffers.Binary;
using System.Globalization;
using Microsoft.Win32.SafeHandles;
using Scraper.Protocol.Buffers;
using Scraper.Protocol.Model;
using Snappier;

namespace Scraper.Wal;

/// <summary>
/// Appends records to a WAL directory in Prometheus's wlog format. Owned by one actor (the appender): not
/// thread-safe, except <see cref="Metrics"/> and <see cref="Notifier"/>.
/// <para>
/// Group commit: stage any number of series, samples, exemplars and metadata with the <c>Append*</c> methods
/// (they encode straight into pooled buffers, nothing per sample), then call <see cref="Commit"/>, which writes
/// one series record, one metadata record, one samples record and one exemplars record (in that order, so a
/// reader always knows a series before its samples; staged series or samples beyond
/// <see cref="WalWriterOptions.MaxRecordBytes"/> go out as extra records in the same order), hands the bytes to the
/// kernel with write(), fsyncs if the <see cref="WalSyncPolicy"/> says so and wakes readers through
/// <see cref="Notifier"/>.
/// </para>
/// <para>
/// <see cref="Open"/> replays the existing WAL (checkpoint and segments), cuts off a torn or corrupt tail, and
/// starts a new segment after the last one, as Prometheus does, so segments written before are never touched
/// again. After a write fails the writer refuses further use: dispose it and open again, which repairs the tail.
/// </para>
/// </summary>
public sealed class WalWriter : IDisposable
{
    /// <summary>Pages buffered before a write(); a commit writes whatever it has regardless.</summary>
    private const int BufferPages = 8;

    private readonly string _directory;
    private readonly int _segmentSize;
    private readonly bool _compress;
    private readonly WalSyncPolicy _syncPolicy;
    private readonly TimeSpan _syncInterval;
    private readonly int _maxRecordBytes;
    private readonly TimeProvider _time;
    private readonly Action<WalLogLevel, string>? _log;

    private readonly PooledBufferWriter _series = new();
    private readonly PooledBufferWriter _metadata = new();
    private readonly PooledBufferWriter _samples = new(64 * 1024);
    private readonly PooledBufferWriter _exemplars = new();
    private readonly PooledBufferWriter _compressed = new(64 * 1024);
    private ulong _firstSampleRef;
    private long _firstSampleT;
    private ulong _firstExemplarRef;
    private long _firstExemplarT;
    private int _stagedSeries;
    private int _stagedSamples;

    private readonly byte[] _page = new byte[BufferPages * WalFormat.PageSize];
    private long _pageFileOffset;
    private int _alloc;
    private int _flushed;

    private SafeFileHandle _file;
    private int _segment;
    private bool _dirty;
    private bool _unnotified;
    private long _lastSync;
    private readonly List<Task> _closingSegments = [];
    private bool _faulted;
    private bool _disposed;

    private WalWriter(WalWriterOptions options, int segment, SafeFileHandle file, WalMetrics metrics, WalReplayResult replay)
    {
        _directory = options.Directory;
        _segmentSize = options.SegmentSize;
        _compress = options.Compress;
        _syncPolicy = options.SyncPolicy;
        _syncInterval = options.SyncInterval;
        _maxRecordBytes = options.MaxRecordBytes;
        _time = options.TimeProvider;
        _log = options.Log;
        Notifier = options.Notifier ?? new WalNotifier();
        Metrics = metrics;
        Replay = replay;
        _segment = segment;
        _file = file;
        _lastSync = _time.GetTimestamp();
        metrics.SegmentOpened(segment);
    }

    /// <summary>The WAL directory.</summary>
    public string Directory => _directory;

    /// <summary>Signalled after every commit that wrote bytes.</summary>
    public WalNotifier Notifier { get; }

    /// <summary>Counters of this WAL.</summary>
    public WalMetrics Metrics { get; }

    /// <summary>What opening found: checkpoint, segments, series, repairs.</summary>
    public WalReplayResult Replay { get; }

    /// <summary>Whether records are snappy-compressed (when that makes them smaller).</summary>
    public bool Compress => _compress;

    /// <summary>The segment being written.</summary>
    public int Segment => _segment;

    /// <summary>Where the next record will start (after any padding already written).</summary>
    public WalPosition Position => new(_segment, _pageFileOffset + _alloc);

    /// <summary>Series entries staged for the next commit.</summary>
    public int StagedSeries => _stagedSeries;

    /// <summary>Samples staged for the next commit.</summary>
    public int StagedSamples => _stagedSamples;

    /// <summary>
    /// Opens the WAL in <see cref="WalWriterOptions.Directory"/>: deletes leftover temporary checkpoints, replays
    /// the last checkpoint and the segments after it into <paramref name="series"/> (refs, labels, last timestamps),
    /// truncates a torn or corrupt record and everything after it in its segment (logged, counted in
    /// <see cref="WalMetrics.CorruptionsRepaired"/>; later segments are kept), then creates the next segment.
    /// A corrupt checkpoint is not repaired: it throws <see cref="WalCorruptionException"/>.
    /// </summary>
    public static WalWriter Open(WalWriterOptions options, SeriesRefs? series = null)
    {
        ArgumentNullException.ThrowIfNull(options);
        options.Validate();
        System.IO.Directory.CreateDirectory(options.Directory);
        WalCheckpoint.DeleteTemporary(options.Directory);

        var metrics = new WalMetrics();
        var replay = WalReplay.Run(options.Directory, series ?? new SeriesRefs(), metrics, options.Log, options.TimeProvider);

        var next = Math.Max(replay.LastSegment ?? -1, replay.CheckpointIndex ?? -1) + 1;
        var file = CreateSegment(options.Directory, next, options.SyncPolicy != WalSyncPolicy.Never);
        return new WalWriter(options, next, file, metrics, replay);
    }

    /// <summary>Stages a series entry (ref and labels) for the series record of the next commit.</summary>
    public void AppendSeries(ulong seriesRef, Labels labels)
    {
        ArgumentNullException.ThrowIfNull(labels);
        ThrowIfUnusable();
        if (_series.WrittenCount == 0)
        {
            RecordEncoder.PutByte(_series, (byte)WalRecordType.Series);
        }
        RecordEncoder.PutSeriesEntry(_series, seriesRef, labels);
        _stagedSeries++;
        if (_series.WrittenCount >= _maxRecordBytes)
        {
            Spill(withSamples: false);
        }
    }

    /// <summary>Stages one sample for the samples record of the next commit. Its series must be staged or written.</summary>
    public void AppendSample(ulong seriesRef, long timestampMs, double value)
    {
        ThrowIfUnusable();
        if (_samples.WrittenCount == 0)
        {
            StartSamplesRecord(seriesRef, timestampMs);
        }
        _samples.Advance(RecordEncoder.WriteSampleEntry(
            _samples.GetSpan(RecordEncoder.MaxSampleEntryBytes), (long)seriesRef - (long)_firstSampleRef, timestampMs - _firstSampleT, value));
        _stagedSamples++;
        if (_samples.WrittenCount >= _maxRecordBytes)
        {
            Spill(withSamples: true);
        }
    }

    /// <summary>Stages a batch of samples; the same as <see cref="AppendSample"/> per sample, with one capacity check.</summary>
    public void AppendSamples(ReadOnlySpan<RefSample> samples)
    {
        ThrowIfUnusable();
        while (!samples.IsEmpty)
        {
            if (_samples.WrittenCount == 0)
            {
                StartSamplesRecord(samples[0].Ref, samples[0].T);
            }
            var room = Math.Max(1, (_maxRecordBytes - _samples.WrittenCount) / RecordEncoder.MaxSampleEntryBytes);
            var batch = samples[..Math.Min(samples.Length, room)];
            var span = _samples.GetSpan(batch.Length * RecordEncoder.MaxSampleEntryBytes);
            var n = 0;
            var firstRef = (long)_firstSampleRef;
            var firstT = _firstSampleT;
            foreach (var s in batch)
            {
                n += RecordEncoder.WriteSampleEntry(span[n..], (long)s.Ref - firstRef, s.T - firstT, s.V);
            }
            _samples.Advance(n);
            _stagedSamples += batch.Length;
            samples = samples[batch.Length..];
            if (_samples.WrittenCount >= _maxRecordBytes)
            {
                Spill(withSamples: true);
            }
        }
    }

    /// <summary>Stages an exemplar for the exemplars record of the next commit.</summary>
    public void AppendExemplar(ulong seriesRef, long timestampMs, double value, Labels labels)
    {
        ArgumentNullException.ThrowIfNull(labels);
        ThrowIfUnusable();
        if (_exemplars.WrittenCount == 0)
        {
            RecordEncoder.PutRecordStart(_exemplars, WalRecordType.Exemplars, seriesRef, timestampMs);
            _firstExemplarRef = seriesRef;
            _firstExemplarT = timestampMs;
        }
        RecordEncoder.PutExemplarEntry(_exemplars, (long)seriesRef - (long)_firstExemplarRef, timestampMs - _firstExemplarT, value, labels);
    }

    /// <summary>Stages metadata (type, unit, help) of a series for the metadata record of the next commit.</summary>
    public void AppendMetadata(ulong seriesRef, MetricType type, string unit, string help)
    {
        ArgumentNullException.ThrowIfNull(unit);
        ArgumentNullException.ThrowIfNull(help);
        ThrowIfUnusable();
        if (_metadata.WrittenCount == 0)
        {
            RecordEncoder.PutByte(_metadata, (byte)WalRecordType.Metadata);
        }
        RecordEncoder.PutMetadataEntry(_metadata, seriesRef, type, unit, help);
    }

    /// <summary>
    /// Writes an already encoded record (for example a histogram record from <see cref="RecordEncoder"/>) after the
    /// staged ones; it reaches the kernel with the next <see cref="Commit"/> at the latest.
    /// </summary>
    public void AppendRecord(ReadOnlySpan<byte> record)
    {
        ThrowIfUnusable();
        try
        {
            WriteStaged(withSamples: true);
            LogRecord(record);
        }
        catch (IOException e)
        {
            Fail(e);
            throw;
        }
    }

    /// <summary>Drops everything staged since the last commit.</summary>
    public void Rollback()
    {
        ClearStaged();
    }

    /// <summary>
    /// Writes the staged records and hands them to the kernel before returning; fsyncs per policy; wakes readers.
    /// Returns the position after the last record written.
    /// </summary>
    public WalPosition Commit()
    {
        ThrowIfUnusable();
        try
        {
            WriteStaged(withSamples: true);
            if (!_unnotified)
            {
                return Position;
            }
            FlushBuffer();
        }
        catch (IOException e)
        {
            Fail(e);
            throw;
        }
        if (_syncPolicy == WalSyncPolicy.PerCommit)
        {
            Sync();
        }
        else
        {
            SyncIfDue();
        }
        _unnotified = false;
        Notifier.Notify();
        return Position;
    }

    /// <summary>
    /// For <see cref="WalSyncPolicy.Interval"/>: fsyncs when the interval has passed since the last fsync and there is
    /// unsynced data. The owner calls it from a timer so the interval holds when no commit arrives. Returns true
    /// when it synced.
    /// </summary>
    public bool SyncIfDue()
    {
        ThrowIfUnusable();
        if (_syncPolicy != WalSyncPolicy.Interval || !_dirty || _time.GetElapsedTime(_lastSync) < _syncInterval)
        {
            return false;
        }
        Sync();
        return true;
    }

    /// <summary>fsyncs the current segment now, whatever the policy (committed data only; staged data is not written).</summary>
    public void Sync()
    {
        ThrowIfUnusable();
        if (_dirty)
        {
            var start = _time.GetTimestamp();
            try
            {
                RandomAccess.FlushToDisk(_file);
            }
            catch (IOException e)
            {
                Fail(e);
                throw;
            }
            Metrics.Synced(_time.GetElapsedTime(start));
            _dirty = false;
        }
        _lastSync = _time.GetTimestamp();
    }

    /// <summary>
    /// Closes the current segment (pads its last page) and starts the next one, as truncation does so the
    /// segments before it can be checkpointed. Returns the new segment number. Staged records stay staged.
    /// </summary>
    public int NextSegment()
    {
        ThrowIfUnusable();
        try
        {
            Rotate();
        }
        catch (IOException e)
        {
            Fail(e);
            throw;
        }
        return _segment;
    }

    /// <summary>
    /// Deletes the segments numbered below <paramref name="firstKept"/> (never the current one), as Prometheus's
    /// <c>Truncate</c> does after a checkpoint. Counted in <see cref="WalMetrics.Truncations"/>.
    /// </summary>
    public void TruncateSegmentsBefore(int firstKept)
    {
        ThrowIfUnusable();
        if (firstKept > _segment)
        {
            throw new ArgumentOutOfRangeException(nameof(firstKept), firstKept, $"would delete the current segment {_segment}");
        }
        var failed = false;
        try
        {
            foreach (var s in WalDirectory.ListSegments(_directory))
            {
                if (s >= firstKept)
                {
                    break;
                }
                File.Delete(WalFormat.SegmentPath(_directory, s));
            }
            if (_syncPolicy != WalSyncPolicy.Never)
            {
                NativeFileSystem.SyncDirectory(_directory);
            }
        }
        catch (IOException)
        {
            failed = true;
            throw;
        }
        finally
        {
            Metrics.Truncated(failed);
        }
    }

    /// <summary>
    /// Pads the last page, fsyncs (unless the policy is <see cref="WalSyncPolicy.Never"/>) and closes the segment.
    /// Staged, uncommitted records are dropped.
    /// </summary>
    public void Dispose()
    {
        if (_disposed)
        {
            return;
        }
        _disposed = true;
        try
        {
            if (!_faulted)
            {
                if (_alloc % WalFormat.PageSize != 0)
                {
                    PadPage();
                }
                FlushBuffer();
                if (_syncPolicy != WalSyncPolicy.Never && _dirty)
                {
                    RandomAccess.FlushToDisk(_file);
                }
            }
        }
        catch (IOException e)
        {
            _log?.Invoke(WalLogLevel.Error, $"closing WAL segment {_segment} in {_directory} failed: {e.Message}");
        }
        finally
        {
            _file.Dispose();
            WaitForClosingSegments();
            _series.Dispose();
            _metadata.Dispose();
            _samples.Dispose();
            _exemplars.Dispose();
            _compressed.Dispose();
        }
    }

    private void StartSamplesRecord(ulong seriesRef, long timestampMs)
    {
        RecordEncoder.PutRecordStart(_samples, WalRecordType.Samples, seriesRef, timestampMs);
        _firstSampleRef = seriesRef;
        _firstSampleT = timestampMs;
    }

    private void Spill(bool withSamples)
    {
        try
        {
            WriteStaged(withSamples);
        }
        catch (IOException e)
        {
            Fail(e);
            throw;
        }
    }

    /// <summary>Writes staged records into the page buffer in dependency order: series before anything that refers to them.</summary>
    private void WriteStaged(bool withSamples)
    {
        if (_series.WrittenCount > 0)
        {
            LogRecord(_series.WrittenSpan);
            Metrics.EntriesWritten(_stagedSeries, 0);
            _series.Reset();
            _stagedSeries = 0;
        }
        if (!withSamples)
        {
            return;
        }
        if (_metadata.WrittenCount > 0)
        {
            LogRecord(_metadata.WrittenSpan);
            _metadata.Reset();
        }
        if (_samples.WrittenCount > 0)
        {
            LogRecord(_samples.WrittenSpan);
            Metrics.EntriesWritten(0, _stagedSamples);
            _samples.Reset();
            _stagedSamples = 0;
        }
        if (_exemplars.WrittenCount > 0)
        {
            LogRecord(_exemplars.WrittenSpan);
            _exemplars.Reset();
        }
    }

    private void ClearStaged()
    {
        _series.Reset();
        _metadata.Reset();
        _samples.Reset();
        _exemplars.Reset();
        _stagedSeries = 0;
        _stagedSamples = 0;
    }

    /// <summary>Compresses the record if that helps, then splits it into fragments in the page buffer.</summary>
    private void LogRecord(ReadOnlySpan<byte> record)
    {
        var data = record;
        byte flag = 0;
        long saved = 0;
        if (_compress && record.Length > 0)
        {
            _compressed.Reset();
            var dst = _compressed.GetSpan(Snappy.GetMaxCompressedLength(record.Length));
            var n = Snappy.Compress(record, dst);
            // Prometheus keeps a record uncompressed when compression does not make it smaller.
            if (n < record.Length)
            {
                data = dst[..n];
                flag = WalFormat.SnappyFlag;
                saved = record.Length - n;
            }
        }

        if (WalFormat.PageSize - (_alloc % WalFormat.PageSize) < WalFormat.FragmentHeaderSize)
        {
            PadPage();
        }
        // Records never cross segments, so a segment can be deleted without tearing one. A record bigger than a
        // whole segment still goes into a fresh segment, which then grows beyond the size (as in Prometheus).
        var inSegment = _pageFileOffset + _alloc;
        if (inSegment > 0 && data.Length > RoomInSegment(inSegment))
        {
            Rotate();
        }

        var parts = 0;
        long partBytes = 0;
        var first = true;
        do
        {
            var pageLeft = WalFormat.PageSize - (_alloc % WalFormat.PageSize);
            var n = Math.Min(data.Length, pageLeft - WalFormat.FragmentHeaderSize);
            var last = n == data.Length;
            var type = first
                ? (last ? FragmentType.Full : FragmentType.First)
                : (last ? FragmentType.Last : FragmentType.Middle);
            var dst = _page.AsSpan(_alloc);
            dst[0] = (byte)((byte)type | flag);
            BinaryPrimitives.WriteUInt16BigEndian(dst[1..], (ushort)n);
            BinaryPrimitives.WriteUInt32BigEndian(dst[3..], Crc32Castagnoli.Compute(data[..n]));
            data[..n].CopyTo(dst[WalFormat.FragmentHeaderSize..]);
            _alloc += WalFormat.FragmentHeaderSize + n;
            parts++;
            partBytes += WalFormat.FragmentHeaderSize + n;
            data = data[n..];
            first = false;

            var left = WalFormat.PageSize - (_alloc % WalFormat.PageSize);
            if (left == WalFormat.PageSize)
            {
                Metrics.PageCompleted();
            }
            else if (left < WalFormat.FragmentHeaderSize)
            {
                PadPage();
            }
            if (_alloc == _page.Length)
            {
                FlushBuffer();
            }
        }
        while (!data.IsEmpty);

        _unnotified = true;
        Metrics.RecordWritten(parts, partBytes, saved);
    }

    private long RoomInSegment(long inSegment)
    {
        var pageLeft = WalFormat.PageSize - (int)(inSegment % WalFormat.PageSize);
        var pagesAfter = (_segmentSize / WalFormat.PageSize) - (inSegment / WalFormat.PageSize) - 1;
        // Negative once an oversized record has pushed the segment past its size: the next record starts a new one.
        return pageLeft - WalFormat.FragmentHeaderSize + (pagesAfter * WalFormat.MaxFragmentData);
    }

    /// <summary>Zero-fills the rest of the current page: the reader's "rest of page is empty".</summary>
    private void PadPage()
    {
        var left = WalFormat.PageSize - (_alloc % WalFormat.PageSize);
        _page.AsSpan(_alloc, left).Clear();
        _alloc += left;
        Metrics.PageCompleted();
        if (_alloc == _page.Length)
        {
            FlushBuffer();
        }
    }

    /// <summary>write()s the buffered bytes not yet written; recycles the buffer once all its pages are complete.</summary>
    private void FlushBuffer()
    {
        if (_flushed < _alloc)
        {
            RandomAccess.Write(_file, _page.AsSpan(_flushed, _alloc - _flushed), _pageFileOffset + _flushed);
            _flushed = _alloc;
            _dirty = true;
            Metrics.PageFlushed();
        }
        if (_alloc == _page.Length)
        {
            _pageFileOffset += _alloc;
            _alloc = 0;
            _flushed = 0;
        }
    }

    private void Rotate()
    {
        if (_alloc % WalFormat.PageSize != 0)
        {
            PadPage();
        }
        FlushBuffer();
        var next = CreateSegment(_directory, _segment + 1, _syncPolicy != WalSyncPolicy.Never);
        var previous = _file;
        var previousIndex = _segment;
        var sync = _syncPolicy != WalSyncPolicy.Never && _dirty;
        _file = next;
        _segment++;
        _pageFileOffset = 0;
        _alloc = 0;
        _flushed = 0;
        _dirty = false;
        Metrics.SegmentOpened(_segment);

        // Like Prometheus, do not hold up appends while the finished segment is fsynced.
        _closingSegments.RemoveAll(t => t.IsCompleted);
        _closingSegments.Add(Task.Run(() =>
        {
            try
            {
                if (sync)
                {
                    var start = _time.GetTimestamp();
                    RandomAccess.FlushToDisk(previous);
                    Metrics.Synced(_time.GetElapsedTime(start));
                }
            }
            catch (IOException e)
            {
                _log?.Invoke(WalLogLevel.Error, $"fsync of finished WAL segment {previousIndex} failed: {e.Message}");
            }
            finally
            {
                previous.Dispose();
            }
        }));
    }

    private void WaitForClosingSegments()
    {
        foreach (var t in _closingSegments)
        {
            t.Wait();
        }
        _closingSegments.Clear();
    }

    private static SafeFileHandle CreateSegment(string directory, int index, bool syncDirectory)
    {
        var path = WalFormat.SegmentPath(directory, index);
        var handle = File.OpenHandle(path, FileMode.CreateNew, FileAccess.Write, FileShare.ReadWrite | FileShare.Delete);
        if (syncDirectory)
        {
            NativeFileSystem.SyncDirectory(directory);
        }
        return handle;
    }

    /// <summary>A failed write may have left part of a record in the file: only a reopen (and its repair) fixes that.</summary>
    private void Fail(IOException e)
    {
        _faulted = true;
        Metrics.WriteFailed();
        _log?.Invoke(
            WalLogLevel.Error,
            string.Create(CultureInfo.InvariantCulture, $"write to WAL segment {_segment} in {_directory} failed: {e.Message}"));
    }

    private void ThrowIfUnusable()
    {
        ObjectDisposedException.ThrowIf(_disposed, this);
        if (_faulted)
        {
            throw new InvalidOperationException("a write to the WAL failed earlier; dispose this writer and open the WAL again");
        }
    }
}
