using Scraper.Protocol.Model;

namespace Scraper.Wal;

/// <summary>
/// The appender's map between label sets and WAL series refs, with the last sample timestamp of each series, as
/// Prometheus agent's series store keeps it. Rebuilt by replay when the WAL opens; garbage collection drops series
/// that have had no sample since a cutoff and remembers in which segment they were dropped, so checkpoints keep
/// their series records as long as segments may still hold their samples. One owner; not thread-safe.
/// </summary>
public sealed class SeriesRefs
{
    private readonly Dictionary<Labels, Entry> _byLabels = [];
    private readonly Dictionary<ulong, Entry> _byRef = [];
    private readonly Dictionary<ulong, int> _deleted = [];

    /// <summary>Live series.</summary>
    public int Count => _byRef.Count;

    /// <summary>Series dropped by garbage collection whose records checkpoints still keep.</summary>
    public int PendingDeletion => _deleted.Count;

    /// <summary>The highest ref handed out or replayed; the next new series gets the one after it.</summary>
    public ulong LastRef { get; private set; }

    /// <summary>
    /// The ref of <paramref name="labels"/>, creating the series (with the next ref) when it is new. A new series
    /// needs a series record: <paramref name="created"/> says so.
    /// </summary>
    public ulong GetOrCreate(Labels labels, out bool created)
    {
        ArgumentNullException.ThrowIfNull(labels);
        if (_byLabels.TryGetValue(labels, out var e))
        {
            created = false;
            return e.Ref;
        }
        e = new Entry(++LastRef, labels, long.MinValue);
        _byLabels[labels] = e;
        _byRef[e.Ref] = e;
        created = true;
        return e.Ref;
    }

    /// <summary>The ref of <paramref name="labels"/> if the series is live.</summary>
    public bool TryGetRef(Labels labels, out ulong seriesRef)
    {
        ArgumentNullException.ThrowIfNull(labels);
        if (_byLabels.TryGetValue(labels, out var e))
        {
            seriesRef = e.Ref;
            return true;
        }
        seriesRef = 0;
        return false;
    }

    /// <summary>The labels of <paramref name="seriesRef"/> if the series is live.</summary>
    public bool TryGetLabels(ulong seriesRef, out Labels labels)
    {
        if (_byRef.TryGetValue(seriesRef, out var e))
        {
            labels = e.Labels;
            return true;
        }
        labels = Labels.Empty;
        return false;
    }

    /// <summary>The newest sample timestamp of <paramref name="seriesRef"/> (<see cref="long.MinValue"/> before any).</summary>
    public bool TryGetLastTimestamp(ulong seriesRef, out long timestampMs)
    {
        if (_byRef.TryGetValue(seriesRef, out var e))
        {
            timestampMs = e.LastTimestamp;
            return true;
        }
        timestampMs = 0;
        return false;
    }

    /// <summary>Raises the series' last timestamp to <paramref name="timestampMs"/>; false for an unknown ref.</summary>
    public bool UpdateLastTimestamp(ulong seriesRef, long timestampMs)
    {
        if (!_byRef.TryGetValue(seriesRef, out var e))
        {
            return false;
        }
        if (timestampMs > e.LastTimestamp)
        {
            e.LastTimestamp = timestampMs;
        }
        return true;
    }

    /// <summary>
    /// Adds a series read from a series record during replay. An unknown ref becomes a live series with last
    /// timestamp 0 (so, like Prometheus, it is collected at the next GC unless samples follow); a label set seen
    /// before under another ref now maps to this newer ref, and both refs resolve to the labels.
    /// </summary>
    public void AddReplayed(ulong seriesRef, Labels labels)
    {
        ArgumentNullException.ThrowIfNull(labels);
        if (_byRef.ContainsKey(seriesRef))
        {
            return;
        }
        var e = new Entry(seriesRef, labels, 0);
        _byRef[seriesRef] = e;
        _byLabels[labels] = e;
        if (seriesRef > LastRef)
        {
            LastRef = seriesRef;
        }
    }

    /// <summary>
    /// Drops every series whose last sample is older than <paramref name="mint"/> and notes
    /// <paramref name="lastSegment"/> (the newest segment now) as the segment up to which its records must be kept.
    /// Returns how many were dropped.
    /// </summary>
    public int GarbageCollect(long mint, int lastSegment)
    {
        List<Entry>? dead = null;
        foreach (var e in _byRef.Values)
        {
            if (e.LastTimestamp < mint)
            {
                (dead ??= []).Add(e);
            }
        }
        if (dead is null)
        {
            return 0;
        }
        foreach (var e in dead)
        {
            _byRef.Remove(e.Ref);
            if (_byLabels.TryGetValue(e.Labels, out var current) && ReferenceEquals(current, e))
            {
                _byLabels.Remove(e.Labels);
            }
            _deleted[e.Ref] = lastSegment;
        }
        return dead.Count;
    }

    /// <summary>
    /// Whether a checkpoint covering segments up to <paramref name="lastCheckpointedSegment"/> keeps the series
    /// record of <paramref name="seriesRef"/>: the series is live, or it was dropped while a later segment existed
    /// (which may still hold its samples).
    /// </summary>
    public bool KeepInCheckpoint(ulong seriesRef, int lastCheckpointedSegment) =>
        _byRef.ContainsKey(seriesRef) || (_deleted.TryGetValue(seriesRef, out var seg) && seg > lastCheckpointedSegment);

    /// <summary>
    /// The refs <see cref="KeepInCheckpoint"/> accepts, copied, so a checkpoint can be built on another thread
    /// while the owner goes on appending.
    /// </summary>
    public HashSet<ulong> CheckpointKeepSet(int lastCheckpointedSegment)
    {
        var keep = new HashSet<ulong>(_byRef.Count + _deleted.Count);
        foreach (var r in _byRef.Keys)
        {
            keep.Add(r);
        }
        foreach (var (r, seg) in _deleted)
        {
            if (seg > lastCheckpointedSegment)
            {
                keep.Add(r);
            }
        }
        return keep;
    }

    /// <summary>After a checkpoint up to <paramref name="lastCheckpointedSegment"/>: forgets dropped series no segment needs.</summary>
    public void ForgetDeleted(int lastCheckpointedSegment)
    {
        List<ulong>? gone = null;
        foreach (var (r, seg) in _deleted)
        {
            if (seg <= lastCheckpointedSegment)
            {
                (gone ??= []).Add(r);
            }
        }
        if (gone is null)
        {
            return;
        }
        foreach (var r in gone)
        {
            _deleted.Remove(r);
        }
    }

    private sealed class Entry(ulong seriesRef, Labels labels, long lastTimestamp)
    {
        public ulong Ref { get; } = seriesRef;

        public Labels Labels { get; } = labels;

        public long LastTimestamp { get; set; } = lastTimestamp;
    }
}
