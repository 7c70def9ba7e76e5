using System.Collections.Concurrent;
using Akka.Actor;
using Scraper.Actors.RemoteWrite;
using Scraper.Protocol.Model;
using Scraper.Protocol.RemoteWrite;
using Scraper.Wal;

namespace Scraper.Actors.Tests.RemoteWrite.Watching;

/// <summary>What the test shards saw, in one global order (one lock), so tests can check ordering across shards.</summary>
public sealed class ShardLog
{
    private readonly Lock _lock = new();
    private readonly List<ShardEvent> _events = [];

    /// <summary>Answer appends with progress at once.</summary>
    public bool AutoAck { get; set; } = true;

    /// <summary>Answer FlushShard with ShardFlushed at once.</summary>
    public bool AutoFlush { get; set; } = true;

    /// <summary>The send duration reported with automatic progress.</summary>
    public TimeSpan SendDuration { get; set; } = TimeSpan.FromMilliseconds(10);

    public void Add(ShardEvent e)
    {
        lock (_lock)
        {
            _events.Add(e);
        }
    }

    public List<ShardEvent> Events
    {
        get
        {
            lock (_lock)
            {
                return [.. _events];
            }
        }
    }

    public List<ShardEvent> Appends => Events.Where(e => e.Kind == ShardEventKind.Append).ToList();

    /// <summary>Every sample received, in order: (shard generation ref, labels, timestamp, value).</summary>
    public List<(IActorRef Shard, int Index, Labels Series, long T, double V)> Samples =>
        Appends.SelectMany(e => Enumerable.Range(0, e.Append!.Series.Length)
            .Select(i => (e.Shard, e.Index, e.Append.Series[i], e.Append.TimestampsMs[i], e.Append.Values[i]))).ToList();
}

public enum ShardEventKind
{
    Started,
    Append,
    FlushAsked,
    Stopped,
}

public sealed record ShardEvent(ShardEventKind Kind, int Index, IActorRef Shard, ShardAppend? Append = null, RemoteWriteProtoMessage Message = default);

/// <summary>A stand-in for ShardSenderActor: logs what it gets and answers as <see cref="ShardLog"/> says.</summary>
public sealed class TestShardActor : ReceiveActor
{
    private readonly ShardLog _log;
    private readonly int _index;

    public TestShardActor(ShardSenderSettings settings, ShardLog log)
    {
        _log = log;
        _index = settings.ShardIndex;
        log.Add(new ShardEvent(ShardEventKind.Started, _index, Self, Message: settings.Message));
        Receive<ShardAppend>(a =>
        {
            _log.Add(new ShardEvent(ShardEventKind.Append, _index, Self, a));
            if (_log.AutoAck)
            {
                Context.Parent.Tell(new ShardProgress(_index, a.Seq, a.Series.Length, 0, _log.SendDuration, a.TimestampsMs.Max()));
            }
        });
        Receive<FlushShard>(_ =>
        {
            _log.Add(new ShardEvent(ShardEventKind.FlushAsked, _index, Self));
            if (_log.AutoFlush)
            {
                Context.Parent.Tell(new ShardFlushed(_index));
            }
        });
    }

    public static Props Props(ShardSenderSettings settings, ShardLog log) => Akka.Actor.Props.Create(() => new TestShardActor(settings, log));

    protected override void PostStop() => _log.Add(new ShardEvent(ShardEventKind.Stopped, _index, Self));
}

/// <summary>What the test store holds and was asked, shared by every incarnation of the store.</summary>
public sealed class StoreState
{
    public WalPosition? Position { get; set; }

    public long AckedTimestampMs { get; set; } = long.MinValue;

    public ConcurrentQueue<string> PersistenceIds { get; } = new();

    public ConcurrentQueue<SaveSendPosition> Saves { get; } = new();

    public SaveSendPosition? LastSave => Saves.LastOrDefault();

    /// <summary>Completed when the store is first asked for the position.</summary>
    public TaskCompletionSource LoadAsked { get; } = new(TaskCreationOptions.RunContinuationsAsynchronously);

    /// <summary>When set, the store answers the load only once this completes (a store that is slow to open).</summary>
    public TaskCompletionSource? HoldLoad { get; set; }
}

/// <summary>A stand-in for the SendPositionStore: answers the load from <see cref="StoreState"/> and keeps saves there.</summary>
public sealed class TestStoreActor : ReceiveActor
{
    public TestStoreActor(string persistenceId, StoreState state)
    {
        state.PersistenceIds.Enqueue(persistenceId);
        ReceiveAsync<LoadSendPosition>(async _ =>
        {
            var sender = Sender;
            state.LoadAsked.TrySetResult();
            if (state.HoldLoad is { } hold)
            {
                await hold.Task;
            }
            sender.Tell(new SendPositionLoaded(state.Position, state.AckedTimestampMs));
        });
        Receive<SaveSendPosition>(s =>
        {
            state.Saves.Enqueue(s);
            state.Position = s.Position;
            state.AckedTimestampMs = s.AckedTimestampMs;
        });
    }

    public static Props Props(string persistenceId, StoreState state) => Akka.Actor.Props.Create(() => new TestStoreActor(persistenceId, state));
}
