using Akka.Actor;
using Akka.Cluster;
using Akka.Cluster.Hosting;
using Akka.Hosting;
using Akka.Remote.Hosting;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Console;
using Prometheus;
using Scraper.Actors.Configuration;
using Scraper.Actors.Hosting;
using Scraper.Actors.RemoteWrite;
using Scraper.Actors.Scrape;
using Scraper.Actors.Wal;
using Scraper.Node.Http;
using Scraper.Wal;

namespace Scraper.Node.Hosting;

/// <summary>
/// Composes the agent: Kestrel for the HTTP API, the logging Prometheus users expect, self-metrics, and the actor
/// system (a cluster of one unless seeds are given) with every feature's Hosting extension. Program.cs only runs it.
/// </summary>
internal static class AgentHost
{
    /// <summary>The actor system's name; every node of a cluster must use the same.</summary>
    public const string ActorSystemName = "scraper";

    /// <summary>Builds the application for <paramref name="agent"/> running <paramref name="config"/>.</summary>
    public static WebApplication Build(AgentOptions agent, PrometheusOptions config, TimeProvider time)
    {
        ArgumentNullException.ThrowIfNull(agent);
        if (!ListenAddress.TryParse(agent.ListenAddress, out var endpoints, out var listenError))
        {
            throw new ArgumentException($"--web.listen-address: {listenError}", nameof(agent));
        }
        var builder = WebApplication.CreateSlimBuilder(new WebApplicationOptions { Args = [] });

        ConfigureLogging(builder.Logging, agent);
        builder.WebHost.ConfigureKestrel(k =>
        {
            foreach (var ep in endpoints)
            {
                k.Listen(ep);
            }
        });
        // The host's stop runs CoordinatedShutdown, which drains remote write for up to the flush deadline.
        builder.Services.Configure<HostOptions>(o => o.ShutdownTimeout = agent.FlushDeadline + TimeSpan.FromSeconds(30));

        var registry = Metrics.NewCustomRegistry();
        DotNetStats.Register(registry);
        var metrics = new NodeMetrics(registry);
        metrics.BuildInfo.WithLabels(string.Empty, BuildInfo.Arch, BuildInfo.Os, BuildInfo.RuntimeVersion, BuildInfo.Revision, string.Empty,
            BuildInfo.Version).Set(1);

        var services = builder.Services;
        services.AddSingleton(agent);
        services.AddSingleton(time);
        services.AddSingleton(metrics);
        services.AddSingleton(new ConfigState(config, time.GetUtcNow()));
        services.AddSingleton(new StartInfo(time.GetUtcNow()));
        services.AddSingleton<ReadinessState>();
        services.AddSingleton<ConfigReloader>();
        // Signalled by the appender's writer on every commit; the remote-write watchers wait on the same instance.
        services.AddSingleton(new WalNotifier());
        // This node's scrape job settings (secrets, one HttpClient per job): disposed with the host.
        services.AddSingleton(new ScrapeJobRegistry());
        services.AddSingleton<ITargetsSource, DiscoveryTargetsSource>();
        services.AddSingleton<IConfigSubscriber, ScrapingConfigSubscriber>();
        services.AddSingleton<IConfigSubscriber, RemoteWriteConfigSubscriber>();
        services.AddHostedService<ReadinessService>();
        services.AddHostedService<SighupReloadService>();

        services.AddAkka(ActorSystemName, (akka, sp) =>
        {
            ConfigureCluster(akka, agent);
            ConfigureFeatures(akka, sp, agent, config, metrics, time);
        });

        var app = builder.Build();
        AgentEndpoints.Map(app);
        return app;
    }

    private static void ConfigureLogging(ILoggingBuilder logging, AgentOptions agent)
    {
        logging.ClearProviders();
        logging.SetMinimumLevel(agent.LogLevel switch
        {
            "debug" => LogLevel.Debug,
            "warn" => LogLevel.Warning,
            "error" => LogLevel.Error,
            _ => LogLevel.Information,
        });
        // ASP.NET Core's request and lifetime chatter, and Akka's internals (remoting, singleton and shard
        // hand-overs), are not what an agent's operator reads at info; --log.level=debug shows them.
        if (agent.LogLevel != "debug")
        {
            logging.AddFilter("Microsoft", LogLevel.Warning);
            logging.AddFilter("Akka", LogLevel.Warning);
            logging.AddFilter("remoting", LogLevel.Warning);
        }
        if (agent.LogFormat == "json")
        {
            logging.AddJsonConsole();
            logging.Services.Configure<ConsoleLoggerOptions>(o => o.LogToStandardErrorThreshold = LogLevel.Trace);
        }
        else
        {
            logging.AddConsole(o =>
                {
                    o.FormatterName = LogfmtConsoleFormatter.FormatterName;
                    // Prometheus logs to stderr; so do we, stdout stays free for commands' output.
                    o.LogToStandardErrorThreshold = LogLevel.Trace;
                })
                .AddConsoleFormatter<LogfmtConsoleFormatter, ConsoleFormatterOptions>();
        }
    }

    private static void ConfigureFeatures(AkkaConfigurationBuilder akka, IServiceProvider sp, AgentOptions agent, PrometheusOptions config,
        NodeMetrics metrics, TimeProvider time)
    {
        // The drain task runs in this phase; Akka's default phase timeout (5 s) would cut it short.
        akka.AddHocon(
            $"akka.coordinated-shutdown.phases.before-actor-system-terminate.timeout = {(long)(agent.FlushDeadline + TimeSpan.FromSeconds(15)).TotalMilliseconds}ms",
            HoconAddMode.Prepend);
        akka.WithScraperPersistence(agent.PositionsConnectionString.Length == 0
                ? ScraperPersistenceSetup.Sqlite(agent.StoragePath)
                : new ScraperPersistenceSetup { ProviderName = agent.PositionsProvider, ConnectionString = agent.PositionsConnectionString })
            .WithWalAppender(new WalAppenderSetup
            {
                Directory = agent.WalDirectory,
                MetricFactory = metrics.Factory,
                SegmentSize = agent.WalSegmentSize.Bytes == 0 ? WalWriterOptions.DefaultSegmentSize : (int)agent.WalSegmentSize.Bytes,
                Compress = agent.WalCompression,
                SyncPolicy = agent.WalSyncPolicy,
                SyncInterval = agent.WalSyncInterval,
                Notifier = sp.GetRequiredService<WalNotifier>(),
                TimeProvider = time,
            })
            // Before the watchers: it must hear their first progress report.
            .WithWalTruncation(new WalTruncationSetup
            {
                MetricFactory = metrics.Factory,
                Options = new WalTruncationOptions
                {
                    TruncateFrequency = agent.WalTruncateFrequency,
                    MinWalTime = agent.RetentionMinTime,
                    MaxWalTime = agent.RetentionMaxTime,
                },
                MaxSizeBytes = agent.MaxSize.Bytes > 0 ? agent.MaxSize.Bytes : null,
                TimeProvider = time,
            })
            .WithActors((_, registry) =>
                registry.Get<WalTruncationActor>().Tell(RemoteWriteConfigSubscriber.Endpoints(config), ActorRefs.NoSender))
            .WithRemoteWrite(new RemoteWriteSetup
            {
                WalDirectory = agent.WalDirectory,
                Notifier = sp.GetRequiredService<WalNotifier>(),
                MetricFactory = metrics.Factory,
                ShardProps = ShardSenderActor.Props,
                StoreProps = SendPositionStore.Props,
                TimeProvider = time,
                Endpoints = config.RemoteWrite,
                ExternalLabels = config.Global.ExternalLabels,
            })
            .WithActors((system, registry) => RemoteWriteDrain.Register(system, registry, agent.FlushDeadline))
            .WithScraping(new ScrapingSetup
            {
                Options = config,
                MetricFactory = metrics.Factory,
                TimeProvider = time,
                Jobs = sp.GetRequiredService<ScrapeJobRegistry>(),
                ClusterName = ActorSystemName,
            });
    }

    private static void ConfigureCluster(AkkaConfigurationBuilder akka, AgentOptions agent)
    {
        if (!ClusterAddress.TryParse(agent.ClusterListenAddress, out var host, out var port, out var clusterError))
        {
            throw new ArgumentException($"--cluster.listen-address: {clusterError}", nameof(agent));
        }
        var seeds = agent.ClusterSeeds.Select(s => $"akka.tcp://{ActorSystemName}@{s}").ToArray();
        akka.ConfigureLoggers(l =>
            {
                l.LogLevel = agent.LogLevel switch
                {
                    "debug" => Akka.Event.LogLevel.DebugLevel,
                    "warn" => Akka.Event.LogLevel.WarningLevel,
                    "error" => Akka.Event.LogLevel.ErrorLevel,
                    _ => Akka.Event.LogLevel.InfoLevel,
                };
                l.ClearLoggers();
                l.AddLogger<AkkaLoggerBridge>();
            })
            .WithRemoting(new RemoteOptions { HostName = host, PublicHostName = host, Port = port })
            // Membership chatter at Info is noise for an agent of one; the cluster issue logs membership itself.
            .WithClustering(new ClusterOptions { SeedNodes = seeds, Roles = ["scraper"], LogInfo = false })
            // The host's stop runs CoordinatedShutdown (Akka.Hosting); the CLR hook would race it on SIGTERM.
            .AddHocon("akka.coordinated-shutdown.run-by-clr-shutdown-hook = off", HoconAddMode.Prepend)
            // Messages to actors that stopped during a shutdown are expected, not news.
            .AddHocon("akka.log-dead-letters-during-shutdown = off", HoconAddMode.Prepend)
            // Before the logger actor starts and after it stops Akka writes to its stdout logger: keep only problems,
            // in our format (its own prints a second timestamp and ignores --log.format).
            .AddHocon($"akka.stdout-logger-class = \"{(agent.LogFormat == "json" ? typeof(JsonAkkaStdoutLogger) : typeof(LogfmtAkkaStdoutLogger)).AssemblyQualifiedName}\"",
                HoconAddMode.Prepend)
            .AddStartup((system, _) =>
            {
                if (seeds.Length == 0)
                {
                    // A node without seeds is a cluster of its own: join itself (its port may be kernel-chosen).
                    var cluster = Cluster.Get(system);
                    cluster.Join(cluster.SelfAddress);
                }
            });
    }
}
