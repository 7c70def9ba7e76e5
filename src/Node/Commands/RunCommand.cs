using System.Collections.Immutable;
using System.Diagnostics.CodeAnalysis;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Scraper.Node.Configuration;
using Scraper.Node.Hosting;
using Scraper.Protocol.Model;
using Scraper.Wal;

namespace Scraper.Node.Commands;

/// <summary>
/// The agent's run mode: <c>scraper [flags]</c>, with Prometheus's flag names so that
/// <c>prometheus --enable-feature=agent --config.file=X --storage.agent.path=Y</c> becomes <c>scraper</c> with the
/// same flags. Flags Prometheus has but an agent ignores are not accepted: an unknown flag is an error, as in
/// Prometheus.
/// </summary>
internal static partial class RunCommand
{
    public const string Usage = "scraper [<flags>]";

    public static readonly FlagParser.Flag[] Flags =
    [
        new("config.file", false, "Prometheus configuration file path.", Default: AgentOptions.DefaultConfigFile),
        new("web.listen-address", false, "Address to listen on for the API, the UI and telemetry.", Default: AgentOptions.DefaultListenAddress),
        new("web.enable-lifecycle", true, "Enable shutdown and reload via HTTP request.", Default: "false"),
        new("storage.agent.path", false, "Base path for agent storage (WAL and send positions).", Default: AgentOptions.DefaultStoragePath),
        new("storage.agent.wal-compression", true, "Compress the agent WAL.", Default: "true"),
        new("storage.agent.wal-segment-size", false, "Size at which to split WAL segment files (0B: 128MiB).", Default: "0B"),
        new("storage.agent.wal-truncate-frequency", false, "The frequency at which to truncate the WAL and remove old data (0s: 2h).", Default: "0s"),
        new("storage.agent.retention.min-time", false, "Minimum age samples may be before being considered for deletion when the WAL is truncated (0s: 5m).", Default: "0s"),
        new("storage.agent.retention.max-time", false, "Maximum age samples may be before being forcibly deleted when the WAL is truncated (0s: 4h).", Default: "0s"),
        new("storage.agent.no-lockfile", true, "Do not create a lockfile in the data directory.", Default: "false"),
        new("storage.agent.max-size", false, "Cap on the WAL's size on disk; the oldest segments are dropped (and counted) past it. 0B: no cap.", Default: "0B"),
        new("storage.agent.wal-fsync", false, "When to fsync WAL commits: a duration (fsync at most that often), 'commit' (every commit) or 'never'.", Default: "1s"),
        new("storage.remote.positions.provider", false,
            "Database of the remote-write send positions: a linq2db provider name (SQLite.MS, PostgreSQL, ...).", Default: AgentOptions.DefaultPositionsProvider),
        new("storage.remote.positions.connection-string", false,
            "Connection string of the send-position database. Empty: SQLite in <storage.agent.path>/scraper.db. Shown as <secret>.", Default: ""),
        new("storage.remote.flush-deadline", false, "How long to wait flushing samples to remote storage on shutdown.", Default: "1m"),
        new("log.level", false, "Only log messages with the given severity or above. One of: [debug, info, warn, error].", Default: "info"),
        new("log.format", false, "Output format of log messages. One of: [logfmt, json].", Default: "logfmt"),
        new("enable-feature", false, "Comma separated feature names to enable. 'agent' is implied and always on.", Repeatable: true, Default: ""),
        new("cluster.listen-address", false, "host:port the cluster transport binds; peers reach the node there.", Default: AgentOptions.DefaultClusterListenAddress),
        new("cluster.seed", false, "host:port of a cluster node to join (repeatable). None: a single-node cluster.", Repeatable: true, Default: ""),
        new("help", true, "Show this help."),
    ];

    private static readonly string[] LogLevels = ["debug", "info", "warn", "error"];

    /// <summary>Reads the flags into options; false with a message naming the flag when one is wrong.</summary>
    public static bool TryParse(IReadOnlyList<string> args, [NotNullWhen(true)] out AgentOptions? options, [NotNullWhen(false)] out string? error)
    {
        options = null;
        if (!FlagParser.TryParse(args, Flags, out var parsed, out error))
        {
            return false;
        }
        if (parsed.Positionals.Count > 0)
        {
            error = $"unexpected argument '{parsed.Positionals[0]}'";
            return false;
        }
        string Get(string name) => parsed.Values.TryGetValue(name, out var v) ? v : Flags.First(f => f.Name == name).Default ?? string.Empty;

        var o = new AgentOptions
        {
            ConfigFile = Get("config.file"),
            ListenAddress = Get("web.listen-address"),
            EnableLifecycle = Get("web.enable-lifecycle") == "true",
            NoLockfile = Get("storage.agent.no-lockfile") == "true",
            StoragePath = Get("storage.agent.path"),
            WalCompression = Get("storage.agent.wal-compression") == "true",
            LogLevel = Get("log.level"),
            LogFormat = Get("log.format"),
            ClusterListenAddress = Get("cluster.listen-address"),
            PositionsProvider = Get("storage.remote.positions.provider"),
            PositionsConnectionString = Get("storage.remote.positions.connection-string"),
        };
        if (!TrySize("storage.agent.wal-segment-size", out var segment, out error)
            || !TrySize("storage.agent.max-size", out var maxSize, out error)
            || !TryDuration("storage.agent.wal-truncate-frequency", out var truncate, out error)
            || !TryDuration("storage.agent.retention.min-time", out var minTime, out error)
            || !TryDuration("storage.agent.retention.max-time", out var maxTime, out error)
            || !TryDuration("storage.remote.flush-deadline", out var flush, out error)
            || !TryFsync(Get("storage.agent.wal-fsync"), out var policy, out var interval, out error))
        {
            return false;
        }
        if (segment.Bytes != 0 && (segment.Bytes < WalFormat.PageSize || segment.Bytes > int.MaxValue))
        {
            error = $"invalid value \"{Get("storage.agent.wal-segment-size")}\" for flag --storage.agent.wal-segment-size: must be between 32KiB and 2GiB";
            return false;
        }
        if (o.PositionsProvider.Length == 0)
        {
            error = "invalid value \"\" for flag --storage.remote.positions.provider: a provider name is required";
            return false;
        }
        if (o.PositionsConnectionString.Length == 0 && o.PositionsProvider != AgentOptions.DefaultPositionsProvider)
        {
            error = $"flag --storage.remote.positions.connection-string is required with --storage.remote.positions.provider={o.PositionsProvider}";
            return false;
        }
        if (!LogLevels.Contains(o.LogLevel))
        {
            error = $"invalid value \"{o.LogLevel}\" for flag --log.level: must be one of debug, info, warn, error";
            return false;
        }
        if (o.LogFormat is not ("logfmt" or "json"))
        {
            error = $"invalid value \"{o.LogFormat}\" for flag --log.format: must be logfmt or json";
            return false;
        }
        if (!ListenAddress.TryParse(o.ListenAddress, out _, out var listenError))
        {
            error = $"invalid value \"{o.ListenAddress}\" for flag --web.listen-address: {listenError}";
            return false;
        }
        if (!ClusterAddress.TryParse(o.ClusterListenAddress, out _, out _, out var clusterError))
        {
            error = $"invalid value \"{o.ClusterListenAddress}\" for flag --cluster.listen-address: {clusterError}";
            return false;
        }
        foreach (var seed in parsed.All("cluster.seed"))
        {
            if (!ClusterAddress.TryParse(seed, out _, out var port, out var seedError) || port == 0)
            {
                error = $"invalid value \"{seed}\" for flag --cluster.seed: {seedError ?? "a seed needs a port"}";
                return false;
            }
        }
        var features = ImmutableArray.CreateBuilder<string>();
        foreach (var value in parsed.All("enable-feature"))
        {
            foreach (var f in value.Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries))
            {
                features.Add(f);
            }
        }

        var flagValues = ImmutableSortedDictionary.CreateBuilder<string, string>(StringComparer.Ordinal);
        foreach (var f in Flags)
        {
            if (f.Name != "help")
            {
                flagValues[f.Name] = f.Repeatable ? string.Join(',', parsed.All(f.Name)) : Get(f.Name);
            }
        }
        // A connection string may carry a password: the flags API shows that one is set, never what it is.
        if (o.PositionsConnectionString.Length > 0)
        {
            flagValues["storage.remote.positions.connection-string"] = "<secret>";
        }
        options = o with
        {
            WalSegmentSize = segment,
            MaxSize = maxSize,
            WalTruncateFrequency = truncate,
            RetentionMinTime = minTime,
            RetentionMaxTime = maxTime,
            FlushDeadline = flush,
            WalSyncPolicy = policy,
            WalSyncInterval = interval,
            EnableFeatures = features.ToImmutable(),
            ClusterSeeds = [.. parsed.All("cluster.seed")],
            FlagValues = flagValues.ToImmutable(),
        };
        return true;

        bool TrySize(string name, out ByteSize value, [NotNullWhen(false)] out string? e)
        {
            e = null;
            if (ByteSize.TryParse(Get(name), out value, out var why))
            {
                return true;
            }
            e = $"invalid value \"{Get(name)}\" for flag --{name}: {why}";
            return false;
        }

        bool TryDuration(string name, out TimeSpan value, [NotNullWhen(false)] out string? e)
        {
            e = null;
            if (PrometheusDuration.TryParse(Get(name), out value, out var why))
            {
                return true;
            }
            e = $"invalid value \"{Get(name)}\" for flag --{name}: {why}";
            return false;
        }
    }

    private static bool TryFsync(string text, out WalSyncPolicy policy, out TimeSpan interval, [NotNullWhen(false)] out string? error)
    {
        interval = WalWriterOptions.DefaultSyncInterval;
        error = null;
        switch (text)
        {
            case "commit":
                policy = WalSyncPolicy.PerCommit;
                return true;
            case "never":
                policy = WalSyncPolicy.Never;
                return true;
        }
        policy = WalSyncPolicy.Interval;
        if (PrometheusDuration.TryParse(text, out interval, out _) && interval > TimeSpan.Zero)
        {
            return true;
        }
        error = $"invalid value \"{text}\" for flag --storage.agent.wal-fsync: expected a positive duration, 'commit' or 'never'";
        return false;
    }

    /// <summary>
    /// Runs the agent until SIGTERM, SIGINT or /-/quit: 0 after a clean stop, 1 when the configuration does not
    /// load or the agent cannot start (as Prometheus exits 1), 2 on a flag mistake.
    /// </summary>
    public static async Task<int> RunAsync(IReadOnlyList<string> args, TextWriter stdout, TextWriter stderr)
    {
        if (!TryParse(args, out var agent, out var error))
        {
            return CommandLine.UsageError(stderr, error);
        }
        if (args.Contains("--help"))
        {
            CommandLine.WriteCommandHelp(stdout, Usage, "The scraper agent: scrapes targets, keeps samples in a WAL, sends them with remote write.", Flags);
            return 0;
        }
        var loaded = ConfigLoader.LoadFile(agent.ConfigFile, ConfigLoaderOptions.Default with { CheckReferencedFiles = false });
        if (!loaded.IsValid || loaded.Options is null)
        {
            await stderr.WriteLineAsync($"Error loading config (--config.file={agent.ConfigFile})").ConfigureAwait(false);
            foreach (var e in loaded.Errors)
            {
                await stderr.WriteLineAsync(e.ToString()).ConfigureAwait(false);
            }
            return 1;
        }
        StorageLock? storageLock = null;
        if (!agent.NoLockfile && (storageLock = StorageLock.TryAcquire(agent.StoragePath, out var lockError)) is null)
        {
            await stderr.WriteLineAsync($"Opening storage failed: {lockError}").ConfigureAwait(false);
            return 1;
        }
        using var heldLock = storageLock;
        var app = AgentHost.Build(agent, loaded.Options, TimeProvider.System);
        await using (app.ConfigureAwait(false))
        {
            var log = app.Services.GetRequiredService<ILoggerFactory>().CreateLogger("scraper");
            foreach (var warning in loaded.Warnings)
            {
                LogConfigWarning(log, warning.ToString());
            }
            try
            {
                await app.StartAsync().ConfigureAwait(false);
            }
            catch (Exception e) when (e is IOException or System.Net.Sockets.SocketException or InvalidOperationException)
            {
                LogStartFailed(log, e);
                return 1;
            }
            app.Services.GetRequiredService<ConfigReloader>().RecordInitialLoad();
            LogStarted(log, agent.ListenAddress);
            await app.WaitForShutdownAsync().ConfigureAwait(false);
            LogStopped(log);
        }
        return 0;
    }

    [LoggerMessage(Level = LogLevel.Warning, Message = "{Warning}")]
    private static partial void LogConfigWarning(ILogger logger, string warning);

    [LoggerMessage(Level = LogLevel.Error, Message = "Unable to start the agent")]
    private static partial void LogStartFailed(ILogger logger, Exception exception);

    [LoggerMessage(Level = LogLevel.Information, Message = "Server is ready to receive web requests. {Address}")]
    private static partial void LogStarted(ILogger logger, string address);

    [LoggerMessage(Level = LogLevel.Information, Message = "See you next time!")]
    private static partial void LogStopped(ILogger logger);
}
