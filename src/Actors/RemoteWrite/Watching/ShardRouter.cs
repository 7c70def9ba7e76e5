using System.Runtime.InteropServices;
using Scraper.Protocol.Model;
using Scraper.Wal;

namespace Scraper.Actors.RemoteWrite.Watching;

/// <summary>
/// Splits the samples of each WAL record by shard: a series goes to <c>hash(final labels) mod shards</c>, so one
/// series always goes to one shard and its samples stay in WAL order. Samples are gathered per shard while a record
/// is read; a shard's slice becomes a <see cref="PendingAppend"/> when it reaches the size limit (big records are
/// split) and at the end of the record. The output queue is drained by the watcher as back-pressure allows; when
/// the shard count changes, <see cref="Reroute"/> routes what is still queued again. Not thread-safe: one owner.
/// </summary>
public sealed class ShardRouter
{
    private readonly int _maxPerAppend;
    private readonly Queue<PendingAppend> _pending = new();
    private ShardBuffer[] _buffers;
    private readonly List<PendingAppend> _record = [];

    /// <summary>A router over <paramref name="shardCount"/> shards, at most <paramref name="maxPerAppend"/> samples per item.</summary>
    public ShardRouter(int shardCount, int maxPerAppend)
    {
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(shardCount);
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(maxPerAppend);
        _maxPerAppend = maxPerAppend;
        _buffers = NewBuffers(shardCount);
    }

    /// <summary>Number of shards routed to.</summary>
    public int ShardCount => _buffers.Length;

    /// <summary>Items ready to send, oldest first.</summary>
    public int PendingCount => _pending.Count;

    /// <summary>The shard of a series whose final labels hash to <paramref name="hash"/>.</summary>
    public static int ShardOf(ulong hash, int shardCount) => (int)(hash % (ulong)shardCount);

    /// <summary>Adds one sample of the current record.</summary>
    public void Add(Labels series, ulong hash, long timestampMs, double value)
    {
        var shard = ShardOf(hash, _buffers.Length);
        var b = _buffers[shard];
        b.Series.Add(series);
        b.Timestamps.Add(timestampMs);
        b.Values.Add(value);
        if (b.Series.Count >= _maxPerAppend)
        {
            Emit(shard);
        }
    }

    /// <summary>
    /// Ends the current record, which ends at <paramref name="end"/>: queues what each shard gathered (in shard order)
    /// and marks the last item with the position, or queues a marker when the record sent nothing.
    /// </summary>
    public void EndRecord(WalPosition end, long highestTimestampMs)
    {
        for (var s = 0; s < _buffers.Length; s++)
        {
            if (_buffers[s].Series.Count > 0)
            {
                Emit(s);
            }
        }
        if (_record.Count == 0)
        {
            _pending.Enqueue(new PendingAppend(-1, [], [], [], end, highestTimestampMs));
            return;
        }
        _record[^1] = _record[^1] with { RecordEnd = end, HighestTimestampMs = highestTimestampMs };
        foreach (var item in _record)
        {
            _pending.Enqueue(item);
        }
        _record.Clear();
    }

    /// <summary>The oldest queued item, if any.</summary>
    public bool TryPeek(out PendingAppend item) => _pending.TryPeek(out item!);

    /// <summary>Removes the oldest queued item.</summary>
    public PendingAppend Dequeue() => _pending.Dequeue();

    /// <summary>
    /// Switches to <paramref name="shardCount"/> shards and routes the queued items again (records are always
    /// complete in the queue, so markers and record ends keep their order).
    /// </summary>
    public void Reroute(int shardCount)
    {
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(shardCount);
        var old = _pending.ToArray();
        _pending.Clear();
        _buffers = NewBuffers(shardCount);
        foreach (var item in old)
        {
            for (var i = 0; i < item.Count; i++)
            {
                var labels = item.Series[i];
                Add(labels, labels.Hash(), item.TimestampsMs[i], item.Values[i]);
            }
            if (item.RecordEnd is { } end)
            {
                EndRecord(end, item.HighestTimestampMs);
            }
        }
    }

    private void Emit(int shard)
    {
        var b = _buffers[shard];
        _record.Add(new PendingAppend(
            shard,
            ImmutableCollectionsMarshal.AsImmutableArray(b.Series.ToArray()),
            ImmutableCollectionsMarshal.AsImmutableArray(b.Timestamps.ToArray()),
            ImmutableCollectionsMarshal.AsImmutableArray(b.Values.ToArray()),
            null,
            0));
        b.Clear();
    }

    private static ShardBuffer[] NewBuffers(int count)
    {
        var buffers = new ShardBuffer[count];
        for (var i = 0; i < count; i++)
        {
            buffers[i] = new ShardBuffer();
        }
        return buffers;
    }

    private sealed class ShardBuffer
    {
        public List<Labels> Series { get; } = [];

        public List<long> Timestamps { get; } = [];

        public List<double> Values { get; } = [];

        public void Clear()
        {
            Series.Clear();
            Timestamps.Clear();
            Values.Clear();
        }
    }
}
