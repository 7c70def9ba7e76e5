using Akka.Actor;
using Scraper.Protocol.RemoteWrite;

namespace Scraper.Actors.RemoteWrite.Watching;

/// <summary>
/// The watcher's current shards: starts a numbered set (children named by generation, so a new set never collides
/// with the one being stopped), tells stale senders from current ones, keeps the message later shards start with
/// (1.0 once a 2.0 endpoint fell back), and tracks which shards still owe a <see cref="ShardFlushed"/>. Used on the
/// watcher's thread only: <paramref name="spawn"/> and <paramref name="stop"/> are its context's.
/// </summary>
/// <param name="settingsFor">The settings of shard <c>index</c> starting with <c>message</c>.</param>
/// <param name="props">Props of a shard from its settings.</param>
/// <param name="spawn">Creates a child with a name.</param>
/// <param name="stop">Stops a child.</param>
/// <param name="message">The message the first shards start with.</param>
public sealed class ShardSet(
    Func<int, RemoteWriteProtoMessage, ShardSenderSettings> settingsFor,
    Func<ShardSenderSettings, Props> props,
    Func<Props, string, IActorRef> spawn,
    Action<IActorRef> stop,
    RemoteWriteProtoMessage message)
{
    private readonly HashSet<int> _flushWaiting = [];
    private IActorRef[] _shards = [];
    private int _generation;

    /// <summary>Number of current shards.</summary>
    public int Count => _shards.Length;

    /// <summary>The message new shards start with.</summary>
    public RemoteWriteProtoMessage Message { get; private set; } = message;

    /// <summary>True while a flush asked of every shard is not complete.</summary>
    public bool Flushing => _flushWaiting.Count > 0;

    /// <summary>Shard <paramref name="index"/> of the current set.</summary>
    public IActorRef this[int index] => _shards[index];

    /// <summary>Starts a new set of <paramref name="count"/> shards (the previous set must have been stopped).</summary>
    public void Start(int count)
    {
        _generation++;
        _flushWaiting.Clear();
        _shards = new IActorRef[count];
        for (var i = 0; i < count; i++)
        {
            _shards[i] = spawn(props(settingsFor(i, Message)), $"shard-{_generation}-{i}");
        }
    }

    /// <summary>Stops every current shard.</summary>
    public void StopAll()
    {
        foreach (var shard in _shards)
        {
            stop(shard);
        }
        _shards = [];
        _flushWaiting.Clear();
    }

    /// <summary>
    /// True when a message naming shard <paramref name="index"/> comes from that shard of the current set (or from
    /// no one in particular); messages of a stopped set are stale.
    /// </summary>
    public bool IsCurrent(int index, IActorRef sender) =>
        index >= 0 && index < _shards.Length && (sender.Equals(_shards[index]) || sender.IsNobody());

    /// <summary>Asks every shard to flush, answering to <paramref name="replyTo"/>.</summary>
    public void FlushAll(IActorRef replyTo)
    {
        _flushWaiting.Clear();
        for (var i = 0; i < _shards.Length; i++)
        {
            _flushWaiting.Add(i);
            _shards[i].Tell(FlushShard.Instance, replyTo);
        }
    }

    /// <summary>Shard <paramref name="index"/> flushed; true when it was the last one the flush waited for.</summary>
    public bool Flushed(int index) => _flushWaiting.Remove(index) && _flushWaiting.Count == 0;

    /// <summary>Gives up waiting for the current flush.</summary>
    public void CancelFlush() => _flushWaiting.Clear();

    /// <summary>The receiver does not speak 2.0: later shards start with 1.0. True the first time.</summary>
    public bool FallBackToV1()
    {
        if (Message == RemoteWriteProtoMessage.V1WriteRequest)
        {
            return false;
        }
        Message = RemoteWriteProtoMessage.V1WriteRequest;
        return true;
    }
}
