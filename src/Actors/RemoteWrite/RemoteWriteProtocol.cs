using System.Collections.Immutable;
using Scraper.Protocol.Model;
using Scraper.Wal;

namespace Scraper.Actors.RemoteWrite;

// Messages between the actors of one remote_write endpoint, all node-local:
//
//   WatcherActor (one per endpoint, parent of its shards)
//     --ShardAppend-->      ShardSenderActor (n children, index 0..n-1)
//     <--ShardProgress--    after each batch is done (sent, or dropped and counted)
//     --FlushShard-->       before resharding and at shutdown; the shard answers ShardFlushed when empty
//     <--ShardFellBackToV1  a 2.0 request got a 2xx without written-count headers
//   WatcherActor <-> SendPositionStore (child of the watcher, an Akka.Persistence actor)
//     --LoadSendPosition--> / <--SendPositionLoaded--
//     --SaveSendPosition--> (no reply; the store coalesces and persists)
//   WatcherActor --RemoteWriteProgress--> the node's EventStream (read by the WAL truncation actor)

/// <summary>
/// Samples for one shard: a slice of what the watcher read from the WAL, in WAL order, parallel arrays of equal
/// length. <see cref="Series"/> carry external labels and write_relabel_configs already applied (series dropped by
/// relabeling never reach a shard). <see cref="Seq"/> grows strictly from one append to the next across all shards of
/// an endpoint, so a shard's appends arrive in increasing order.
/// </summary>
public sealed record ShardAppend(
    long Seq,
    ImmutableArray<Labels> Series,
    ImmutableArray<long> TimestampsMs,
    ImmutableArray<double> Values);

/// <summary>
/// Sent by a shard to its watcher when it has finished with samples: every <see cref="ShardAppend"/> it received with
/// <c>Seq &lt;= DoneUpToSeq</c> is done (acknowledged by the receiver, or dropped and counted). The counts are those
/// finished since the previous progress message; the watcher uses them for back-pressure (samples outstanding per
/// shard may not exceed <c>capacity</c>) and for the resharding rates.
/// </summary>
public sealed record ShardProgress(
    int ShardIndex,
    long DoneUpToSeq,
    int SamplesSent,
    int SamplesDropped,
    TimeSpan SendDuration,
    long HighestSentTimestampMs);

/// <summary>
/// Asks a shard to send what it buffers now, without waiting for <c>batch_send_deadline</c>, and to answer
/// <see cref="ShardFlushed"/> once its buffer is empty and no request is in flight. Retries go on as usual: a flush
/// against a receiver that is down does not finish; the caller bounds it with its own deadline.
/// </summary>
public sealed record FlushShard
{
    /// <summary>The one instance.</summary>
    public static FlushShard Instance { get; } = new();
}

/// <summary>Reply to <see cref="FlushShard"/>.</summary>
public sealed record ShardFlushed(int ShardIndex);

/// <summary>
/// A shard's remote-write 2.0 request was answered 2xx without the written-count headers: the receiver does not
/// speak 2.0. The shard has already switched itself to 1.0 and resent; the watcher logs once, counts it and starts
/// later shards with 1.0.
/// </summary>
public sealed record ShardFellBackToV1(int ShardIndex);

/// <summary>Asks the endpoint's send-position store for the stored position; answered with <see cref="SendPositionLoaded"/>.</summary>
public sealed record LoadSendPosition
{
    /// <summary>The one instance.</summary>
    public static LoadSendPosition Instance { get; } = new();
}

/// <summary>
/// The durable send position of an endpoint: every sample in a WAL record that starts before <see cref="Position"/>
/// was acknowledged by the receiver (or dropped and counted). <see cref="Position"/> is null when nothing was ever
/// stored (a new endpoint starts at the end of the WAL, as Prometheus does). <see cref="AckedTimestampMs"/> is the
/// highest sample timestamp below the position (long.MinValue when none).
/// </summary>
public sealed record SendPositionLoaded(WalPosition? Position, long AckedTimestampMs);

/// <summary>Records a new durable send position; positions only grow. No reply.</summary>
public sealed record SaveSendPosition(WalPosition Position, long AckedTimestampMs);

/// <summary>
/// Published on the node's EventStream by a watcher whenever its acknowledged position moves, and once at start:
/// the WAL truncation actor keeps the lowest over all configured endpoints. <see cref="RemoteName"/> is the
/// endpoint's <c>remote_name</c> and <see cref="Url"/> its url (together the labels of its metrics).
/// </summary>
public sealed record RemoteWriteProgress(string RemoteName, string Url, WalPosition AckedPosition, long AckedTimestampMs);

/// <summary>Published on the node's EventStream when an endpoint's watcher stops for good (removed by a reload).</summary>
public sealed record RemoteWriteEndpointRemoved(string RemoteName);
