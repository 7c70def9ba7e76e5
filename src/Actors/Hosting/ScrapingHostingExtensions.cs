using Akka.Cluster.Hosting;
using Akka.Cluster.Sharding;
using Akka.Hosting;
using Scraper.Actors.Discovery;
using Scraper.Actors.Scrape;
using Scraper.Actors.Wal;

namespace Scraper.Actors.Hosting;

/// <summary>Registers target discovery, the scrape target shard region and the node's target health actor.</summary>
public static class ScrapingHostingExtensions
{
    /// <summary>The shard region's type name.</summary>
    public const string RegionName = "scrape-targets";

    /// <summary>The discovery singleton's name.</summary>
    public const string SingletonName = "target-discovery";

    /// <summary>
    /// Starts scraping on this node: the <see cref="TargetHealthActor"/> (registered under its type), the shard
    /// region of <see cref="ScrapeTargetActor"/> entities (registered under <see cref="ScrapeTargetRegionKey"/>;
    /// DData state store, no remember-entities, no idle passivation since the entities drive themselves by timers,
    /// <see cref="StopTarget"/> as hand-off message), and the <see cref="TargetDiscoveryActor"/> singleton with a proxy
    /// (registered under <see cref="TargetDiscoveryKey"/>). Needs clustering and <see cref="WalAppenderHostingExtensions.WithWalAppender"/>
    /// registered before it.
    /// </summary>
    public static AkkaConfigurationBuilder WithScraping(this AkkaConfigurationBuilder builder, ScrapingSetup setup)
    {
        ArgumentNullException.ThrowIfNull(builder);
        ArgumentNullException.ThrowIfNull(setup);
        var jobs = setup.Jobs ?? new ScrapeJobRegistry(setup.HttpHandlerFactory);
        jobs.Apply(setup.Options);
        var scrapeMetrics = new ScrapeMetrics(setup.MetricFactory);
        var discoveryMetrics = new DiscoveryMetrics(setup.MetricFactory);
        var seed = ScrapeSchedule.OffsetSeed(setup.Options.Global.ExternalLabels, setup.ClusterName);

        builder.WithActors((system, registry) =>
            registry.Register<TargetHealthActor>(system.ActorOf(TargetHealthActor.Props(), TargetHealthActor.Name)));

        builder.WithShardRegion<ScrapeTargetRegionKey>(
            RegionName,
            (_, registry, _) =>
            {
                var env = new ScrapeTargetEnvironment(
                    jobs, registry.Get<AppenderActor>(), registry.Get<TargetHealthActor>(), scrapeMetrics, setup.TimeProvider, seed);
                return entityId => ScrapeTargetActor.Props(entityId, env);
            },
            new ScrapeTargetMessageExtractor(),
            new ShardOptions
            {
                StateStoreMode = StateStoreMode.DData,
                RememberEntities = false,
                // Entities are driven by their own timers; sharding counts only messages it delivers, so idle
                // passivation would stop every scrape after its timeout (120 s by default).
                PassivateIdleEntityAfter = TimeSpan.Zero,
                ShouldPassivateIdleEntities = false,
                HandOffStopMessage = StopTarget.Instance,
            });

        builder.WithSingleton<TargetDiscoveryKey>(
            SingletonName,
            (_, registry, _) => TargetDiscoveryActor.Props(new TargetDiscoveryEnvironment(
                jobs,
                registry.Get<ScrapeTargetRegionKey>(),
                discoveryMetrics,
                scrapeMetrics,
                setup.ReconcileInterval,
                setup.DnsResolver ?? new SystemDnsResolver(),
                setup.HttpHandlerFactory ?? ScrapeHttpClientFactory.CreateHandler,
                setup.HostName ?? System.Net.Dns.GetHostName())),
            // The proxy's "failed to find the singleton" warning fires while the singleton is simply starting.
            new ClusterSingletonOptions { LogSingletonIdentificationFailure = false },
            createProxyToo: true);
        return builder;
    }
}
