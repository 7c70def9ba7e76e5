namespace Scraper.Wal;

/// <summary>
/// Counters of one WAL (writer, repair, truncation), as plain properties any thread may read. The actors publish
/// them under Prometheus's names, given in each property's summary. Only the WAL's owner increments them.
/// </summary>
public sealed class WalMetrics
{
    private long _recordsWritten;
    private long _seriesWritten;
    private long _samplesWritten;
    private long _recordPartWrites;
    private long _recordPartBytes;
    private long _recordBytesSaved;
    private long _pageFlushes;
    private long _pagesCompleted;
    private long _fsyncs;
    private long _fsyncTicks;
    private long _writesFailed;
    private long _currentSegment;
    private long _truncations;
    private long _truncationsFailed;
    private long _corruptionsRepaired;
    private long _bytesDroppedByRepair;
    private long _checkpointCreations;
    private long _checkpointCreationsFailed;
    private long _checkpointDeletions;
    private long _checkpointDeletionsFailed;
    private long _replayTicks;

    /// <summary>Records written (ours; no Prometheus equivalent).</summary>
    public long RecordsWritten => Interlocked.Read(ref _recordsWritten);

    /// <summary>Series entries written in series records.</summary>
    public long SeriesWritten => Interlocked.Read(ref _seriesWritten);

    /// <summary>Samples written in samples records.</summary>
    public long SamplesWritten => Interlocked.Read(ref _samplesWritten);

    /// <summary>Fragments written: <c>prometheus_tsdb_wal_record_part_writes_total</c>.</summary>
    public long RecordPartWrites => Interlocked.Read(ref _recordPartWrites);

    /// <summary>Fragment bytes with headers: <c>prometheus_tsdb_wal_record_parts_bytes_written_total</c>.</summary>
    public long RecordPartBytes => Interlocked.Read(ref _recordPartBytes);

    /// <summary>Bytes compression saved: <c>prometheus_tsdb_wal_record_bytes_saved_total{compression="snappy"}</c>.</summary>
    public long RecordBytesSaved => Interlocked.Read(ref _recordBytesSaved);

    /// <summary>write() calls of page data: <c>prometheus_tsdb_wal_page_flushes_total</c>.</summary>
    public long PageFlushes => Interlocked.Read(ref _pageFlushes);

    /// <summary>Pages filled or padded: <c>prometheus_tsdb_wal_completed_pages_total</c>.</summary>
    public long PagesCompleted => Interlocked.Read(ref _pagesCompleted);

    /// <summary>fsync calls: the count of <c>prometheus_tsdb_wal_fsync_duration_seconds</c>.</summary>
    public long Fsyncs => Interlocked.Read(ref _fsyncs);

    /// <summary>Time spent in fsync: the sum of <c>prometheus_tsdb_wal_fsync_duration_seconds</c>.</summary>
    public TimeSpan FsyncDuration => TimeSpan.FromTicks(Interlocked.Read(ref _fsyncTicks));

    /// <summary>Failed writes: <c>prometheus_tsdb_wal_writes_failed_total</c>.</summary>
    public long WritesFailed => Interlocked.Read(ref _writesFailed);

    /// <summary>Segment being written: <c>prometheus_tsdb_wal_segment_current</c>.</summary>
    public long CurrentSegment => Interlocked.Read(ref _currentSegment);

    /// <summary>Segment truncations attempted: <c>prometheus_tsdb_wal_truncations_total</c>.</summary>
    public long Truncations => Interlocked.Read(ref _truncations);

    /// <summary>Segment truncations that failed: <c>prometheus_tsdb_wal_truncations_failed_total</c>.</summary>
    public long TruncationsFailed => Interlocked.Read(ref _truncationsFailed);

    /// <summary>Torn or corrupt tails cut off when opening: <c>prometheus_tsdb_wal_corruptions_total</c>.</summary>
    public long CorruptionsRepaired => Interlocked.Read(ref _corruptionsRepaired);

    /// <summary>Bytes removed by those repairs (ours).</summary>
    public long BytesDroppedByRepair => Interlocked.Read(ref _bytesDroppedByRepair);

    /// <summary>Checkpoints attempted: <c>prometheus_agent_checkpoint_creations_total</c>.</summary>
    public long CheckpointCreations => Interlocked.Read(ref _checkpointCreations);

    /// <summary>Checkpoints that failed: <c>prometheus_agent_checkpoint_creations_failed_total</c>.</summary>
    public long CheckpointCreationsFailed => Interlocked.Read(ref _checkpointCreationsFailed);

    /// <summary>Old-checkpoint deletions attempted: <c>prometheus_agent_checkpoint_deletions_total</c>.</summary>
    public long CheckpointDeletions => Interlocked.Read(ref _checkpointDeletions);

    /// <summary>Old-checkpoint deletions that failed: <c>prometheus_agent_checkpoint_deletions_failed_total</c>.</summary>
    public long CheckpointDeletionsFailed => Interlocked.Read(ref _checkpointDeletionsFailed);

    /// <summary>Time the last open spent replaying: <c>prometheus_agent_data_replay_duration_seconds</c>.</summary>
    public TimeSpan ReplayDuration => TimeSpan.FromTicks(Interlocked.Read(ref _replayTicks));

    internal void RecordWritten(int parts, long partBytes, long bytesSaved)
    {
        Interlocked.Increment(ref _recordsWritten);
        Interlocked.Add(ref _recordPartWrites, parts);
        Interlocked.Add(ref _recordPartBytes, partBytes);
        if (bytesSaved > 0)
        {
            Interlocked.Add(ref _recordBytesSaved, bytesSaved);
        }
    }

    internal void EntriesWritten(long series, long samples)
    {
        Interlocked.Add(ref _seriesWritten, series);
        Interlocked.Add(ref _samplesWritten, samples);
    }

    internal void PageFlushed() => Interlocked.Increment(ref _pageFlushes);

    internal void PageCompleted() => Interlocked.Increment(ref _pagesCompleted);

    internal void Synced(TimeSpan took)
    {
        Interlocked.Increment(ref _fsyncs);
        Interlocked.Add(ref _fsyncTicks, took.Ticks);
    }

    internal void WriteFailed() => Interlocked.Increment(ref _writesFailed);

    internal void SegmentOpened(int segment) => Interlocked.Exchange(ref _currentSegment, segment);

    internal void Truncated(bool failed)
    {
        Interlocked.Increment(ref _truncations);
        if (failed)
        {
            Interlocked.Increment(ref _truncationsFailed);
        }
    }

    internal void Repaired(long bytesDropped)
    {
        Interlocked.Increment(ref _corruptionsRepaired);
        Interlocked.Add(ref _bytesDroppedByRepair, bytesDropped);
    }

    internal void CheckpointCreated(bool failed)
    {
        Interlocked.Increment(ref _checkpointCreations);
        if (failed)
        {
            Interlocked.Increment(ref _checkpointCreationsFailed);
        }
    }

    internal void CheckpointsDeleted(bool failed)
    {
        Interlocked.Increment(ref _checkpointDeletions);
        if (failed)
        {
            Interlocked.Increment(ref _checkpointDeletionsFailed);
        }
    }

    internal void Replayed(TimeSpan took) => Interlocked.Exchange(ref _replayTicks, took.Ticks);
}
