using System.Collections.Immutable;
using Scraper.Protocol.Model;
using Scraper.Wal;

namespace Scraper.Node.Hosting;

/// <summary>
/// The agent's command-line settings, with Prometheus's flag names and defaults where Prometheus has the flag
/// (<c>prometheus --enable-feature=agent --help</c>) and our own for the rest. Built by <see cref="Commands.RunCommand"/>.
/// </summary>
internal sealed record AgentOptions
{
    /// <summary>Prometheus's default <c>--config.file</c>.</summary>
    public const string DefaultConfigFile = "prometheus.yml";

    /// <summary>Prometheus's default <c>--web.listen-address</c>: every interface, port 9090.</summary>
    public const string DefaultListenAddress = "0.0.0.0:9090";

    /// <summary>Prometheus's default <c>--storage.agent.path</c>.</summary>
    public const string DefaultStoragePath = "data-agent/";

    /// <summary>
    /// Our default cluster address: loopback with a port the kernel picks, which is all a single-node cluster needs
    /// (it joins itself); a multi-node cluster names a reachable host and port.
    /// </summary>
    public const string DefaultClusterListenAddress = "127.0.0.1:0";

    /// <summary>The send-position database's default provider: SQLite in the storage path (Microsoft.Data.Sqlite).</summary>
    public const string DefaultPositionsProvider = "SQLite.MS";

    /// <summary>
    /// Prometheus's <c>--storage.remote.flush-deadline</c> default: how long a stop waits for the remote-write
    /// queues to send what the WAL holds.
    /// </summary>
    public static readonly TimeSpan DefaultFlushDeadline = TimeSpan.FromMinutes(1);

    /// <summary><c>--config.file</c>.</summary>
    public string ConfigFile { get; init; } = DefaultConfigFile;

    /// <summary><c>--web.listen-address</c>: host:port of the HTTP API, UI and /metrics.</summary>
    public string ListenAddress { get; init; } = DefaultListenAddress;

    /// <summary><c>--web.enable-lifecycle</c>: allow /-/reload and /-/quit over HTTP.</summary>
    public bool EnableLifecycle { get; init; }

    /// <summary><c>--storage.agent.path</c>: the WAL (in <c>wal/</c>) and the send positions live here.</summary>
    public string StoragePath { get; init; } = DefaultStoragePath;

    /// <summary><c>--storage.agent.no-lockfile</c>: do not take the storage directory's lock file.</summary>
    public bool NoLockfile { get; init; }

    /// <summary><c>--storage.agent.wal-compression</c>: snappy-compress WAL records.</summary>
    public bool WalCompression { get; init; } = true;

    /// <summary><c>--storage.agent.wal-segment-size</c>; zero means the default 128 MiB.</summary>
    public ByteSize WalSegmentSize { get; init; }

    /// <summary><c>--storage.agent.wal-truncate-frequency</c>; zero means the default (2h).</summary>
    public TimeSpan WalTruncateFrequency { get; init; }

    /// <summary><c>--storage.agent.retention.min-time</c>; zero means the default (5m).</summary>
    public TimeSpan RetentionMinTime { get; init; }

    /// <summary><c>--storage.agent.retention.max-time</c>; zero means the default (4h).</summary>
    public TimeSpan RetentionMaxTime { get; init; }

    /// <summary>
    /// <c>--storage.agent.max-size</c> (ours): cap on the WAL's size on disk; zero means no cap. When it would be
    /// exceeded the oldest segments are dropped and counted, instead of filling the disk.
    /// </summary>
    public ByteSize MaxSize { get; init; }

    /// <summary><c>--storage.agent.wal-fsync</c> (ours): when commits are fsynced.</summary>
    public WalSyncPolicy WalSyncPolicy { get; init; } = WalSyncPolicy.Interval;

    /// <summary>The fsync interval for <see cref="WalSyncPolicy.Interval"/>.</summary>
    public TimeSpan WalSyncInterval { get; init; } = WalWriterOptions.DefaultSyncInterval;

    /// <summary><c>--storage.remote.flush-deadline</c>: how long a stop drains the remote-write queues.</summary>
    public TimeSpan FlushDeadline { get; init; } = DefaultFlushDeadline;

    /// <summary><c>--storage.remote.positions.provider</c>.</summary>
    public string PositionsProvider { get; init; } = DefaultPositionsProvider;

    /// <summary><c>--storage.remote.positions.connection-string</c>; empty: SQLite in the storage path. A secret.</summary>
    public string PositionsConnectionString { get; init; } = string.Empty;

    /// <summary><c>--log.level</c>: debug, info, warn or error.</summary>
    public string LogLevel { get; init; } = "info";

    /// <summary><c>--log.format</c>: logfmt or json.</summary>
    public string LogFormat { get; init; } = "logfmt";

    /// <summary><c>--enable-feature</c> values (accepted for compatibility: <c>agent</c> is what we always are).</summary>
    public ImmutableArray<string> EnableFeatures { get; init; } = [];

    /// <summary><c>--cluster.listen-address</c> (ours): host:port the node's cluster transport binds.</summary>
    public string ClusterListenAddress { get; init; } = DefaultClusterListenAddress;

    /// <summary><c>--cluster.seed</c> (ours, repeatable): host:port of nodes to join; none means this node alone.</summary>
    public ImmutableArray<string> ClusterSeeds { get; init; } = [];

    /// <summary>Every flag as given or defaulted, in Prometheus's <c>/api/v1/status/flags</c> form.</summary>
    public ImmutableSortedDictionary<string, string> FlagValues { get; init; } = ImmutableSortedDictionary<string, string>.Empty;

    /// <summary>The WAL directory.</summary>
    public string WalDirectory => Path.Combine(StoragePath, "wal");
}
