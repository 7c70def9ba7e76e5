using Akka.Actor;
using Scraper.Actors.Configuration;
using Scraper.Protocol.Model;
using Scraper.Wal;

namespace Scraper.Actors.RemoteWrite.Watching;

/// <summary>
/// What every <see cref="WatcherActor"/> of a node shares: the WAL and its notifier, the metrics, the factories of the
/// watcher's children and HTTP client, the clock and the tunables.
/// </summary>
public sealed record WatcherEnvironment
{
    /// <summary>How many WAL records one read step handles before the watcher yields to its mailbox.</summary>
    public const int DefaultRecordsPerStep = 64;

    /// <summary>The wake-up that catches WAL data written without a notification (Prometheus's watcher polls too).</summary>
    public static readonly TimeSpan DefaultPollInterval = TimeSpan.FromSeconds(1);

    /// <summary>At most one persisted position per second: Akka.Persistence writes cost an fsync each.</summary>
    public static readonly TimeSpan DefaultPersistInterval = TimeSpan.FromSeconds(1);

    /// <summary>
    /// How long a reshard waits for the old shards to flush. Against a receiver that is down a flush never ends; the
    /// reshard is then abandoned and the old shards go on (retrying as usual).
    /// </summary>
    public static readonly TimeSpan DefaultReshardFlushTimeout = TimeSpan.FromSeconds(30);

    /// <summary>The WAL directory to follow.</summary>
    public required string WalDirectory { get; init; }

    /// <summary>The writer's commit notifier.</summary>
    public required WalNotifier Notifier { get; init; }

    /// <summary>The node's remote-write metrics.</summary>
    public required RemoteWriteMetrics Metrics { get; init; }

    /// <summary>Props of a shard sender (<c>ShardSenderActor.Props</c> in the node; probes in tests).</summary>
    public required Func<ShardSenderSettings, Props> ShardProps { get; init; }

    /// <summary>Props of the send-position store from its persistence id.</summary>
    public required Func<string, Props> StoreProps { get; init; }

    /// <summary>The endpoint's HTTP client; the watcher disposes it when it stops.</summary>
    public required Func<RemoteWriteOptions, HttpClient> HttpClientFactory { get; init; }

    /// <summary>Clock of the rates and ages.</summary>
    public TimeProvider TimeProvider { get; init; } = TimeProvider.System;

    /// <summary>See <see cref="DefaultRecordsPerStep"/>.</summary>
    public int RecordsPerStep { get; init; } = DefaultRecordsPerStep;

    /// <summary>See <see cref="DefaultPollInterval"/>.</summary>
    public TimeSpan PollInterval { get; init; } = DefaultPollInterval;

    /// <summary>See <see cref="DefaultPersistInterval"/>.</summary>
    public TimeSpan PersistInterval { get; init; } = DefaultPersistInterval;

    /// <summary>How often the shard count is recomputed (Prometheus: 10 s).</summary>
    public TimeSpan ReshardInterval { get; init; } = ShardCountCalculator.UpdatePeriod;

    /// <summary>See <see cref="DefaultReshardFlushTimeout"/>.</summary>
    public TimeSpan ReshardFlushTimeout { get; init; } = DefaultReshardFlushTimeout;

    /// <summary>The dispatcher the watcher runs on; null for the actor system's default (tests).</summary>
    public string? Dispatcher { get; init; } = WatcherActor.DispatcherId;

}
