using Scraper.Wal;

namespace Scraper.Actors.RemoteWrite.Watching;

/// <summary>
/// Maps what was handed to shards back to WAL positions. Every <see cref="ShardAppend"/> gets the next
/// <see cref="ShardAppend.Seq"/> and is remembered with its shard; the append that ends a WAL record also carries
/// the position after that record. Shards report "done up to Seq" (in their own order); the acknowledged position
/// is that of the longest prefix of Seqs all done, so it never passes a sample that is still in flight, whichever
/// shard holds it. Records that sent nothing (series, all dropped) are markers that are done as soon as everything
/// before them is. Not thread-safe: one owner.
/// </summary>
public sealed class SendPositionTracker
{
    private readonly Queue<Entry> _inFlight = new();
    private long[] _doneUpTo;
    private long[] _lastSeqOf;
    private (WalPosition Position, long Timestamp)? _tailMarker;

    /// <summary>A tracker for <paramref name="shardCount"/> shards, acknowledged up to <paramref name="start"/>.</summary>
    public SendPositionTracker(int shardCount, WalPosition start, long ackedTimestampMs)
    {
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(shardCount);
        _doneUpTo = new long[shardCount];
        _lastSeqOf = new long[shardCount];
        Acked = start;
        AckedTimestampMs = ackedTimestampMs;
    }

    /// <summary>Every sample in records before this position is done.</summary>
    public WalPosition Acked { get; private set; }

    /// <summary>The highest sample timestamp below <see cref="Acked"/> (long.MinValue when none).</summary>
    public long AckedTimestampMs { get; private set; }

    /// <summary>The last Seq handed out (0 before the first).</summary>
    public long LastSeq { get; private set; }

    /// <summary>Appends not yet done.</summary>
    public int InFlight => _inFlight.Count;

    /// <summary>True when every append handed out is done.</summary>
    public bool AllDone => _inFlight.Count == 0;

    /// <summary>Assigns the Seq of an append to <paramref name="shard"/>; <paramref name="item"/> says whether it ends a record.</summary>
    public long Register(int shard, PendingAppend item)
    {
        ArgumentNullException.ThrowIfNull(item);
        if (_tailMarker is { } m)
        {
            _inFlight.Enqueue(new Entry(0, -1, m.Position, m.Timestamp));
            _tailMarker = null;
        }
        var seq = ++LastSeq;
        _lastSeqOf[shard] = seq;
        _inFlight.Enqueue(new Entry(seq, shard, item.RecordEnd, item.HighestTimestampMs));
        return seq;
    }

    /// <summary>A record that sent nothing ends at <paramref name="end"/>.</summary>
    public void Mark(WalPosition end, long highestTimestampMs)
    {
        if (_inFlight.Count == 0)
        {
            Advance(end, highestTimestampMs);
            return;
        }
        // Consecutive markers collapse into the latest: only the furthest position matters.
        _tailMarker = (end, highestTimestampMs);
    }

    /// <summary>
    /// <paramref name="shard"/> is done with every append up to <paramref name="upToSeq"/>. Returns true when the
    /// acknowledged position moved.
    /// </summary>
    public bool Done(int shard, long upToSeq)
    {
        if (shard < 0 || shard >= _doneUpTo.Length)
        {
            return false;
        }
        _doneUpTo[shard] = Math.Max(_doneUpTo[shard], upToSeq);
        var before = Acked;
        while (_inFlight.TryPeek(out var e) && (e.Shard < 0 || _doneUpTo[e.Shard] >= e.Seq))
        {
            _inFlight.Dequeue();
            if (e.End is { } end)
            {
                Advance(end, e.HighestTimestampMs);
            }
        }
        if (_inFlight.Count == 0 && _tailMarker is { } m)
        {
            Advance(m.Position, m.Timestamp);
            _tailMarker = null;
        }
        return Acked != before;
    }

    /// <summary>A flushed shard is done with everything it was given. Returns true when the position moved.</summary>
    public bool ShardEmpty(int shard) =>
        shard >= 0 && shard < _lastSeqOf.Length && Done(shard, _lastSeqOf[shard]);

    /// <summary>Starts tracking a new set of shards; only valid when <see cref="AllDone"/>.</summary>
    public void ResetShards(int shardCount)
    {
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(shardCount);
        if (!AllDone)
        {
            throw new InvalidOperationException($"{InFlight} appends are still in flight");
        }
        _doneUpTo = new long[shardCount];
        _lastSeqOf = new long[shardCount];
    }

    private void Advance(WalPosition end, long timestamp)
    {
        if (end > Acked)
        {
            Acked = end;
        }
        AckedTimestampMs = Math.Max(AckedTimestampMs, timestamp);
    }

    private readonly record struct Entry(long Seq, int Shard, WalPosition? End, long HighestTimestampMs);
}
