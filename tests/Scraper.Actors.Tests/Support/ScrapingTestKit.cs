using Akka.Actor;
using Akka.Cluster;
using Akka.Cluster.Hosting;
using Akka.Hosting;
using Akka.Remote.Hosting;
using Prometheus;
using Scraper.Actors.Configuration;
using Scraper.Actors.Discovery;
using Scraper.Actors.Hosting;
using Scraper.Actors.Scrape;
using Scraper.Protocol.Model;
using Scraper.Protocol.Targets;
using Scraper.Wal;

namespace Scraper.Actors.Tests.Support;

/// <summary>
/// A single-node cluster (joined to itself on 127.0.0.1, port 0) running the production hosting extensions: the WAL
/// appender writing to a temp directory and scraping with the test's options, clock and metrics registry.
/// </summary>
public abstract class ScrapingTestKit : Akka.Hosting.TestKit.TestKit
{
    protected static readonly TimeSpan Wait = TimeSpan.FromSeconds(15);

    private readonly TempDirectory _dir = new();

    protected ScrapingTestKit(ITestOutputHelper output)
        : base(output: output)
    {
    }

    protected CollectorRegistry Registry { get; } = Metrics.NewCustomRegistry();

    protected ScrapeJobRegistry Jobs { get; } = new();

    protected string WalPath => _dir.Combine("wal");

    protected string TempPath => _dir.Path;

    protected virtual TimeProvider Time => TimeProvider.System;

    protected virtual PrometheusOptions InitialOptions => PrometheusOptions.Default;

    protected virtual TimeSpan ReconcileInterval => ScrapingSetup.DefaultReconcileInterval;

    protected virtual IDnsResolver? DnsResolver => null;

    protected IActorRef Region => ActorRegistry.Get<ScrapeTargetRegionKey>();

    protected IActorRef Discovery => ActorRegistry.Get<TargetDiscoveryKey>();

    protected IActorRef Health => ActorRegistry.Get<TargetHealthActor>();

    protected static CancellationToken Token => TestContext.Current.CancellationToken;

    protected override void ConfigureAkka(AkkaConfigurationBuilder builder, IServiceProvider provider)
    {
        var factory = Metrics.WithCustomRegistry(Registry);
        builder
            .WithRemoting("127.0.0.1", 0)
            .WithClustering(new ClusterOptions { LogInfo = false })
            .WithWalAppender(new WalAppenderSetup { Directory = WalPath, MetricFactory = factory, SyncPolicy = WalSyncPolicy.Never })
            .WithScraping(new ScrapingSetup
            {
                Options = InitialOptions,
                MetricFactory = factory,
                TimeProvider = Time,
                Jobs = Jobs,
                ReconcileInterval = ReconcileInterval,
                DnsResolver = DnsResolver,
                HostName = "testhost",
            });
    }

    protected override async Task BeforeTestStart()
    {
        var cluster = Cluster.Get(Sys);
        var up = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        cluster.RegisterOnMemberUp(() => up.TrySetResult());
        cluster.Join(cluster.SelfAddress);
        await up.Task.WaitAsync(Wait);
    }

    protected override async Task AfterAllAsync()
    {
        await Sys.Terminate();
        Jobs.Dispose();
        _dir.Dispose();
        await base.AfterAllAsync();
    }

    protected WalContents Wal() => WalContents.Read(WalPath);

    /// <summary>Waits until the WAL holds what <paramref name="assertion"/> expects.</summary>
    protected Task AwaitWalAsync(Action<WalContents> assertion) =>
        AwaitAssertAsync(() => assertion(Wal()), Wait, TimeSpan.FromMilliseconds(100), Token);

    protected static ScrapeJobOptions Job(string name, TimeSpan? interval = null, TimeSpan? timeout = null) => new()
    {
        JobName = name,
        ScrapeInterval = interval ?? TimeSpan.FromSeconds(1),
        ScrapeTimeout = timeout ?? TimeSpan.FromMilliseconds(800),
    };

    /// <summary>An EnsureTarget for <paramref name="address"/> built as discovery builds it.</summary>
    protected static EnsureTarget Ensure(ScrapeJobOptions job, string address, TimeSpan? lease = null, string? forcedError = null)
    {
        var build = TargetLabelBuilder.PopulateLabels(
            Labels.FromStrings(LabelNames.Address, address), job.JobName, job.Scheme, job.MetricsPath, job.ScrapeInterval, job.ScrapeTimeout,
            job.Params, job.RelabelConfigs.AsSpan());
        return new EnsureTarget(
            TargetIdentity.EntityId(build.FullLabels, build.ScrapeUrl), job.JobName, build.ScrapeUrl, build.Labels,
            build.ScrapeInterval, build.ScrapeTimeout, lease ?? TimeSpan.Zero, forcedError);
    }

    protected async Task<TargetHealthInfo?> HealthOfAsync(string targetId)
    {
        var snapshot = await Health.Ask<TargetHealthSnapshot>(GetTargetHealth.Instance, Wait, Token);
        return snapshot.Targets.GetValueOrDefault(targetId);
    }
}
