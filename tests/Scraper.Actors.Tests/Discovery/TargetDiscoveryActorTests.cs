using System.Net;
using Akka.Actor;
using Akka.TestKit;
using Microsoft.AspNetCore.Http;
using Prometheus;
using Scraper.Actors.Configuration;
using Scraper.Actors.Discovery;
using Scraper.Actors.Scrape;
using Scraper.Actors.Tests.Support;
using Scraper.Protocol.Model;
using Scraper.Protocol.Relabel;
using Scraper.TestSupport;

namespace Scraper.Actors.Tests.Discovery;

/// <summary>The discovery singleton's decisions, seen by a probe standing in for the shard region.</summary>
public sealed class TargetDiscoveryActorTests(ITestOutputHelper output) : ScrapingTestKit(output)
{
    private readonly List<ScrapeJobRegistry> _registries = [];

    protected override async Task AfterAllAsync()
    {
        await base.AfterAllAsync();
        foreach (var r in _registries)
        {
            r.Dispose();
        }
    }

    private (TestProbe Region, IActorRef Discovery, ScrapeJobRegistry Jobs) Start(
        PrometheusOptions options, TimeSpan? reconcile = null, IDnsResolver? dns = null)
    {
        var jobs = new ScrapeJobRegistry();
        _registries.Add(jobs);
        jobs.Apply(options);
        var region = CreateTestProbe();
        var factory = Metrics.WithCustomRegistry(Registry);
        var env = new TargetDiscoveryEnvironment(
            jobs, region.Ref, new DiscoveryMetrics(factory), new ScrapeMetrics(factory), reconcile ?? TimeSpan.FromMinutes(5),
            dns ?? new SystemDnsResolver(), ScrapeHttpClientFactory.CreateHandler, "testhost");
        return (region, Sys.ActorOf(TargetDiscoveryActor.Props(env)), jobs);
    }

    private static PrometheusOptions With(params ScrapeJobOptions[] jobs) => new() { ScrapeConfigs = [.. jobs] };

    private static ScrapeJobOptions Static(string name, params string[] targets) =>
        Job(name) with { StaticConfigs = [new StaticTargetGroup { Targets = [.. targets] }] };

    private static async Task<HashSet<string>> InstancesAsync(TestProbe region, int count)
    {
        var seen = new HashSet<string>();
        for (var i = 0; i < count; i++)
        {
            var ensure = await region.ExpectMsgAsync<EnsureTarget>(Wait, cancellationToken: Token);
            seen.Add(ensure.Labels.Get("instance"));
        }
        return seen;
    }

    [Fact]
    public async Task Static_targets_are_ensured_with_their_labels_url_and_lease()
    {
        var (region, _, _) = Start(With(Static("app", "a:1", "b:2")), reconcile: TimeSpan.FromSeconds(10));
        var first = await region.ExpectMsgAsync<EnsureTarget>(Wait, cancellationToken: Token);
        var second = await region.ExpectMsgAsync<EnsureTarget>(Wait, cancellationToken: Token);
        Assert.Equal(["a:1", "b:2"], new[] { first, second }.Select(e => e.Labels.Get("instance")).Order());
        Assert.Equal(("app", "http://a:1/metrics", TimeSpan.FromSeconds(30), TimeSpan.FromSeconds(1)), (first.JobName, first.ScrapeUrl, first.Lease, first.Interval));
        Assert.Equal(Labels.FromStrings("instance", "a:1", "job", "app"), first.Labels);
        Assert.Equal(2, await MetricValues.ValueAsync(Registry, "prometheus_sd_discovered_targets{config=\"app\",name=\"scrape\"}"));
        Assert.Equal(2, await MetricValues.ValueAsync(Registry, "prometheus_target_scrape_pool_targets{scrape_job=\"app\"}"));
    }

    [Fact]
    public async Task Reconcile_tick_sends_every_live_target_again()
    {
        var (region, _, _) = Start(With(Static("app", "a:1")), reconcile: TimeSpan.FromMilliseconds(300));
        var first = await region.ExpectMsgAsync<EnsureTarget>(Wait, cancellationToken: Token);
        var again = await region.ExpectMsgAsync<EnsureTarget>(Wait, cancellationToken: Token);
        Assert.Equal(first, again);
    }

    [Fact]
    public async Task Relabeling_drops_targets_and_the_api_lists_them_as_dropped()
    {
        var drop = new RelabelConfig { SourceLabels = ["__address__"], RegexPattern = "b:.*", Regex = RelabelConfig.CompileAnchored("b:.*"), Action = RelabelAction.Drop };
        var keep = new RelabelConfig { TargetLabel = "team", Replacement = "infra" };
        var (region, discovery, _) = Start(With(Static("app", "a:1", "b:2") with { RelabelConfigs = [drop, keep] }));
        var ensure = await region.ExpectMsgAsync<EnsureTarget>(Wait, cancellationToken: Token);
        Assert.Equal("infra", ensure.Labels.Get("team"));
        await region.ExpectNoMsgAsync(TimeSpan.FromMilliseconds(300), Token);

        var targets = await discovery.Ask<TargetsResult>(new GetTargets(), Wait, Token);
        Assert.Equal("a:1", Assert.Single(targets.ActiveTargets).DiscoveredLabels.Get("__address__"));
        var dropped = Assert.Single(targets.DroppedTargets);
        Assert.Equal(("b:2", "app", "app"), (dropped.DiscoveredLabels.Get("__address__"), dropped.DiscoveredLabels.Get("job"), dropped.ScrapePool));
        Assert.Equal(1, targets.DroppedTargetCounts["app"]);
    }

    [Fact]
    public async Task Target_limit_makes_every_target_of_the_pool_fail()
    {
        var (region, _, _) = Start(With(Static("app", "a:1", "a:2") with { TargetLimit = 1 }));
        var ensures = new[] { await region.ExpectMsgAsync<EnsureTarget>(Wait, cancellationToken: Token), await region.ExpectMsgAsync<EnsureTarget>(Wait, cancellationToken: Token) };
        Assert.All(ensures, e => Assert.Equal("target_limit exceeded (number of targets: 2, limit: 1)", e.ForcedError));
        Assert.Equal(1, await MetricValues.ValueAsync(Registry, "prometheus_target_scrape_pool_exceeded_target_limit_total"));
    }

    [Fact]
    public async Task File_sd_follows_file_changes_and_keeps_targets_of_a_broken_file()
    {
        var file = Path.Combine(TempPath, "targets.json");
        await File.WriteAllTextAsync(file, """[{"targets": ["a:1", "b:2"], "labels": {"env": "prod"}}]""", Token);
        var job = Job("files") with { FileSdConfigs = [new FileSdOptions { Files = [Path.Combine(TempPath, "*.json")] }] };
        var (region, _, _) = Start(With(job));
        var ensure = await region.ExpectMsgAsync<EnsureTarget>(Wait, cancellationToken: Token);
        Assert.Equal("prod", ensure.Labels.Get("env"));
        await region.ExpectMsgAsync<EnsureTarget>(Wait, cancellationToken: Token);

        await File.WriteAllTextAsync(file, """[{"targets": ["a:1", "c:3"], "labels": {"env": "prod"}}]""", Token);
        var changes = new List<object>
        {
            await region.ExpectMsgAsync<object>(Wait, cancellationToken: Token),
            await region.ExpectMsgAsync<object>(Wait, cancellationToken: Token),
        };
        Assert.Contains(changes, m => m is RetireTarget);
        Assert.Contains(changes, m => m is EnsureTarget e && e.Labels.Get("instance") == "c:3");

        await File.WriteAllTextAsync(file, """[{"targets": ["a:1", """, Token);
        await AwaitAssertAsync(
            async () => Assert.True(await MetricValues.ValueAsync(Registry, "prometheus_sd_file_read_errors_total") >= 1), Wait, cancellationToken: Token);
        await region.ExpectNoMsgAsync(TimeSpan.FromMilliseconds(500), Token);

        await File.WriteAllTextAsync(Path.Combine(TempPath, "more.json"), """[{"targets": ["d:4"]}]""", Token);
        var added = await region.ExpectMsgAsync<EnsureTarget>(Wait, cancellationToken: Token);
        Assert.Equal("d:4", added.Labels.Get("instance"));
    }

    [Fact]
    public async Task File_sd_reads_yaml_and_rereads_on_its_refresh_interval()
    {
        var dir = Directory.CreateDirectory(Path.Combine(TempPath, "yaml")).FullName;
        var file = Path.Combine(dir, "t.yml");
        await File.WriteAllTextAsync(file, "- targets: ['a:1']\n", Token);
        var job = Job("files") with { FileSdConfigs = [new FileSdOptions { Files = [file], RefreshInterval = TimeSpan.FromMilliseconds(300) }] };
        var (region, discovery, _) = Start(With(job));
        await region.ExpectMsgAsync<EnsureTarget>(Wait, cancellationToken: Token);
        var targets = await discovery.Ask<TargetsResult>(new GetTargets(), Wait, Token);
        Assert.Equal(file, targets.ActiveTargets.Single().DiscoveredLabels.Get("__meta_filepath"));
        await AwaitAssertAsync(
            async () => Assert.True(await MetricValues.ValueAsync(Registry, "prometheus_sd_file_scan_duration_seconds_count") >= 4), Wait, cancellationToken: Token);
    }

    [Fact]
    public async Task Http_sd_discovers_targets_and_keeps_them_when_the_endpoint_fails()
    {
        var status = 200;
        var body = """[{"targets": ["a:1"], "labels": {"dc": "x"}}]""";
        string? auth = null;
        await using var sd = await TestHttpServer.StartAsync(ctx =>
        {
            auth = ctx.Request.Headers.Authorization.ToString();
            ctx.Response.StatusCode = status;
            return status == 200 ? TestHttpServer.Write(ctx, body, "application/json") : Task.CompletedTask;
        }, Token);
        var http = new HttpSdOptions
        {
            Url = sd.BaseUrl + "/sd",
            RefreshInterval = TimeSpan.FromMilliseconds(300),
            HttpClient = new HttpClientOptions { Authorization = new AuthorizationOptions { Credentials = Secret.FromValue("token") } },
        };
        var (region, discovery, _) = Start(With(Job("http") with { HttpSdConfigs = [http] }));
        var ensure = await region.ExpectMsgAsync<EnsureTarget>(Wait, cancellationToken: Token);
        Assert.Equal("x", ensure.Labels.Get("dc"));
        Assert.Equal("Bearer token", auth);
        var targets = await discovery.Ask<TargetsResult>(new GetTargets(), Wait, Token);
        Assert.Equal(http.Url, targets.ActiveTargets.Single().DiscoveredLabels.Get("__meta_url"));

        status = 500;
        await AwaitAssertAsync(
            async () => Assert.True(await MetricValues.ValueAsync(Registry, "prometheus_sd_http_failures_total") >= 2), Wait, cancellationToken: Token);
        await region.ExpectNoMsgAsync(TimeSpan.FromMilliseconds(300), Token);

        body = """[{"targets": ["b:2"]}]""";
        status = 200;
        var changes = new[] { await region.ExpectMsgAsync<object>(Wait, cancellationToken: Token), await region.ExpectMsgAsync<object>(Wait, cancellationToken: Token) };
        Assert.Contains(changes, m => m is RetireTarget r && r.TargetId == ensure.TargetId);
        Assert.Contains(changes, m => m is EnsureTarget e && e.Labels.Get("instance") == "b:2");
    }

    [Fact]
    public async Task Dns_sd_resolves_a_records_of_hosts_file_names_with_the_configured_port()
    {
        var dns = new DnsSdOptions { Names = ["localhost"], Type = DnsRecordType.A, Port = 9100 };
        var (region, _, _) = Start(With(Job("dns") with { DnsSdConfigs = [dns] }));
        var ensure = await region.ExpectMsgAsync<EnsureTarget>(Wait, cancellationToken: Token);
        Assert.Equal("http://127.0.0.1:9100/metrics", ensure.ScrapeUrl);
        Assert.True(await MetricValues.ValueAsync(Registry, "prometheus_sd_dns_lookups_total") >= 1);
    }

    [Fact]
    public async Task Dns_sd_resolves_srv_records_to_their_hosts_and_ports_and_keeps_them_on_failure()
    {
        using var server = new DnsTestServer();
        server.Records[("_node._tcp.test.", DnsRecordType.Srv)] =
            [new DnsRecord(DnsRecordType.Srv, "host1.test.", 9100), new DnsRecord(DnsRecordType.Srv, "host2.test.", 9200)];
        var dns = new DnsSdOptions { Names = ["_node._tcp.test"], Type = DnsRecordType.Srv, RefreshInterval = TimeSpan.FromMilliseconds(300) };
        var (region, _, _) = Start(With(Job("dns") with { DnsSdConfigs = [dns] }), dns: new SystemDnsResolver([server.EndPoint]));
        Assert.Equal(["host1.test:9100", "host2.test:9200"], (await InstancesAsync(region, 2)).Order());

        server.Records.Clear();
        await AwaitAssertAsync(
            async () => Assert.True(await MetricValues.ValueAsync(Registry, "prometheus_sd_dns_lookup_failures_total") >= 2), Wait, cancellationToken: Token);
        await region.ExpectNoMsgAsync(TimeSpan.FromMilliseconds(300), Token);
    }

    [Fact]
    public async Task ApplyConfig_restarts_changed_jobs_only()
    {
        var (region, discovery, jobs) = Start(With(Static("a", "a:1"), Static("b", "b:1")));
        await InstancesAsync(region, 2);
        var settingsOfB = jobs.Jobs["b"];

        discovery.Tell(new ApplyConfig(With(Static("a", "a:2"), Static("b", "b:1"))), TestActor);
        var applied = await ExpectMsgAsync<ConfigApplied>(Wait, cancellationToken: Token);
        Assert.Equal(["a"], applied.ChangedJobs);
        Assert.Same(settingsOfB, jobs.Jobs["b"]);
        var changes = new[] { await region.ExpectMsgAsync<object>(Wait, cancellationToken: Token), await region.ExpectMsgAsync<object>(Wait, cancellationToken: Token) };
        Assert.Contains(changes, m => m is RetireTarget);
        Assert.Contains(changes, m => m is EnsureTarget e && e.Labels.Get("instance") == "a:2");
        await region.ExpectNoMsgAsync(TimeSpan.FromMilliseconds(300), Token);

        discovery.Tell(new ApplyConfig(With(Static("b", "b:1"))), TestActor);
        Assert.Equal(["a"], (await ExpectMsgAsync<ConfigApplied>(Wait, cancellationToken: Token)).ChangedJobs);
        Assert.IsType<RetireTarget>(await region.ExpectMsgAsync<object>(Wait, cancellationToken: Token));
        Assert.False(jobs.TryGet("a", out _));
    }

    [Fact]
    public async Task ApplyConfig_afterTheNodeAppliedTheRegistry_stillRestartsTheChangedJobs()
    {
        // On the node hosting the singleton, the node's reload applies the same options to the shared registry
        // before the singleton hears of them; the singleton must judge changes by the jobs it runs.
        var (region, discovery, jobs) = Start(With(Static("a", "a:1")));
        await InstancesAsync(region, 1);
        var next = With(Static("renamed", "a:1"));
        jobs.Apply(next);

        discovery.Tell(new ApplyConfig(next), TestActor);

        var applied = await ExpectMsgAsync<ConfigApplied>(Wait, cancellationToken: Token);
        Assert.Equal(["a", "renamed"], applied.ChangedJobs);
        var changes = new[] { await region.ExpectMsgAsync<object>(Wait, cancellationToken: Token), await region.ExpectMsgAsync<object>(Wait, cancellationToken: Token) };
        Assert.Contains(changes, m => m is RetireTarget);
        Assert.Contains(changes, m => m is EnsureTarget e && e.JobName == "renamed");
    }
}
