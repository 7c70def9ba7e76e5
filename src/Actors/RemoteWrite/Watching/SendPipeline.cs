using Scraper.Wal;

namespace Scraper.Actors.RemoteWrite.Watching;

/// <summary>
/// Everything between reading a record and a shard being done with it, without an actor in sight: routing
/// (<see cref="ShardRouter"/>), back-pressure (samples outstanding per shard, appended minus done, never above
/// <c>capacity</c>) and the acknowledged WAL position (<see cref="SendPositionTracker"/>). The watcher adds records,
/// calls <see cref="SendReady"/> with a function that tells the shard, and feeds back the shards' progress. Not
/// thread-safe: one owner.
/// </summary>
public sealed class SendPipeline
{
    private readonly int _capacity;
    private int[] _outstanding;

    /// <summary>
    /// A queue over <paramref name="shardCount"/> shards of <paramref name="capacity"/> samples each, appends of at
    /// most <paramref name="maxPerAppend"/> samples, acknowledged up to <paramref name="acked"/>.
    /// </summary>
    public SendPipeline(int shardCount, int capacity, int maxPerAppend, WalPosition acked, long ackedTimestampMs)
    {
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(capacity);
        _capacity = capacity;
        Router = new ShardRouter(shardCount, Math.Min(capacity, maxPerAppend));
        Tracker = new SendPositionTracker(shardCount, acked, ackedTimestampMs);
        _outstanding = new int[shardCount];
    }

    /// <summary>Where records' samples are added.</summary>
    public ShardRouter Router { get; }

    /// <summary>The acknowledged position.</summary>
    public SendPositionTracker Tracker { get; }

    /// <summary>Number of shards.</summary>
    public int ShardCount => _outstanding.Length;

    /// <summary>Samples handed to shards and not yet done, over all shards.</summary>
    public long Outstanding
    {
        get
        {
            long sum = 0;
            foreach (var n in _outstanding)
            {
                sum += n;
            }
            return sum;
        }
    }

    /// <summary>Samples handed to <paramref name="shard"/> and not yet done.</summary>
    public int OutstandingOf(int shard) => _outstanding[shard];

    /// <summary>
    /// Hands queued items to <paramref name="send"/> in WAL order, each with its Seq, until the queue is empty
    /// (true) or the next item would take its shard past capacity (false: stop reading, call again on progress). A
    /// shard with nothing outstanding always takes the next item, so an item is never stuck.
    /// </summary>
    public bool SendReady(Action<int, ShardAppend> send)
    {
        ArgumentNullException.ThrowIfNull(send);
        while (Router.TryPeek(out var item))
        {
            if (item.IsMarker)
            {
                Router.Dequeue();
                Tracker.Mark(item.RecordEnd!.Value, item.HighestTimestampMs);
                continue;
            }
            var shard = item.Shard;
            if (_outstanding[shard] > 0 && _outstanding[shard] + item.Count > _capacity)
            {
                return false;
            }
            Router.Dequeue();
            var seq = Tracker.Register(shard, item);
            _outstanding[shard] += item.Count;
            send(shard, new ShardAppend(seq, item.Series, item.TimestampsMs, item.Values));
        }
        return true;
    }

    /// <summary>A shard finished samples; returns true when the acknowledged position moved.</summary>
    public bool Progress(int shard, long doneUpToSeq, int samplesDone)
    {
        if (shard < 0 || shard >= _outstanding.Length)
        {
            return false;
        }
        _outstanding[shard] = Math.Max(0, _outstanding[shard] - samplesDone);
        return Tracker.Done(shard, doneUpToSeq);
    }

    /// <summary>A shard flushed: everything it was given is done. Returns true when the acknowledged position moved.</summary>
    public bool Flushed(int shard)
    {
        if (shard < 0 || shard >= _outstanding.Length)
        {
            return false;
        }
        _outstanding[shard] = 0;
        return Tracker.ShardEmpty(shard);
    }

    /// <summary>Switches to <paramref name="shardCount"/> shards once all old ones flushed; queued items are routed again.</summary>
    public void Reshard(int shardCount)
    {
        Tracker.ResetShards(shardCount);
        Router.Reroute(shardCount);
        _outstanding = new int[shardCount];
    }
}
