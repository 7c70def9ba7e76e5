using System.IO.Compression;
using System.Text;
using Akka.Actor;
using Microsoft.AspNetCore.Http;
using Prometheus;
using Scraper.Actors.Configuration;
using Scraper.Actors.Scrape;
using Scraper.Actors.Tests.Support;
using Scraper.Actors.Wal;
using Scraper.Protocol.Model;
using Scraper.TestSupport;

namespace Scraper.Actors.Tests.Scrape;

public sealed class ScrapeTargetActorTests(ITestOutputHelper output) : ScrapingTestKit(output)
{
    private static Task Serve(HttpContext ctx, string body) => TestHttpServer.Write(ctx, body, "text/plain; version=0.0.4");

    [Fact]
    public async Task Scrape_appends_the_series_with_target_labels_and_the_report_series()
    {
        await using var server = await TestHttpServer.StartStaticAsync("# TYPE a counter\na_total{x=\"1\"} 42\n", cancellationToken: Token);
        var job = Job("app");
        Jobs.Apply(new PrometheusOptions { ScrapeConfigs = [job] });
        var ensure = Ensure(job, server.Address);
        Region.Tell(ensure);

        await AwaitWalAsync(wal =>
        {
            var a = Assert.Single(wal.Named("a_total").DistinctBy(s => s.Labels));
            Assert.Equal(Labels.FromStrings("__name__", "a_total", "instance", server.Address, "job", "app", "x", "1"), a.Labels);
            Assert.Equal(42, a.Value);
            var up = wal.Named("up").First();
            Assert.Equal((a.TimestampMs, 1.0), (up.TimestampMs, up.Value));
            Assert.Equal(1, wal.Named("scrape_samples_scraped").First().Value);
            Assert.Equal(1, wal.Named("scrape_series_added").First().Value);
            Assert.NotEmpty(wal.Named("scrape_duration_seconds"));
            Assert.NotEmpty(wal.Named("scrape_samples_post_metric_relabeling"));
        });
        var health = await HealthOfAsync(ensure.TargetId);
        Assert.Equal((TargetHealth.Up, "app", string.Empty), (health!.Health, health.ScrapePool, health.LastError));
    }

    [Fact]
    public async Task Scrape_every_interval_observes_the_interval_length()
    {
        await using var server = await TestHttpServer.StartStaticAsync("a 1\n", cancellationToken: Token);
        var job = Job("app");
        Jobs.Apply(new PrometheusOptions { ScrapeConfigs = [job] });
        Region.Tell(Ensure(job, server.Address));
        await AwaitWalAsync(wal => Assert.True(wal.Named("up").Count() >= 3));
        var ups = Wal().Named("up").Select(s => s.TimestampMs).ToList();
        // One interval apart, give or take a late scrape on a busy test machine.
        Assert.All(ups.Zip(ups.Skip(1)), p => Assert.InRange(p.Second - p.First, 500, 1500));
        Assert.True(await MetricValues.ValueAsync(Registry, "prometheus_target_interval_length_seconds_count{interval=\"1s\"}") >= 2);
    }

    [Fact]
    public async Task Scrape_marks_a_vanished_series_stale()
    {
        var body = "a 1\nb 2\n";
        await using var server = await TestHttpServer.StartAsync(ctx => Serve(ctx, body), Token);
        var job = Job("app");
        Jobs.Apply(new PrometheusOptions { ScrapeConfigs = [job] });
        Region.Tell(Ensure(job, server.Address));
        await AwaitWalAsync(wal => Assert.NotEmpty(wal.Named("b")));
        body = "a 1\n";
        await AwaitWalAsync(wal => Assert.Contains(wal.Named("b"), s => s.IsStale));
        var wal = Wal();
        var stale = wal.Named("b").Single(s => s.IsStale);
        Assert.Equal(0x7ff0000000000002UL, stale.Bits);
        Assert.Contains(wal.Named("a"), s => s.TimestampMs == stale.TimestampMs && s.Value == 1);
        Assert.DoesNotContain(wal.Named("a"), s => s.IsStale);
    }

    [Fact]
    public async Task Scrape_that_fails_marks_every_series_stale_and_reports_down()
    {
        var fail = false;
        await using var server = await TestHttpServer.StartAsync(ctx =>
        {
            if (!fail)
            {
                return Serve(ctx, "a 1\nb 2\n");
            }
            ctx.Response.StatusCode = 500;
            return Task.CompletedTask;
        }, Token);
        var job = Job("app");
        Jobs.Apply(new PrometheusOptions { ScrapeConfigs = [job] });
        var ensure = Ensure(job, server.Address);
        Region.Tell(ensure);
        await AwaitWalAsync(wal => Assert.NotEmpty(wal.Named("a")));
        fail = true;
        await AwaitWalAsync(wal => Assert.Contains(wal.Named("up"), s => s.Value == 0));
        var wal = Wal();
        var down = wal.Named("up").First(s => s.Value == 0).TimestampMs;
        Assert.Contains(wal.Named("a"), s => s.IsStale && s.TimestampMs == down);
        Assert.Contains(wal.Named("b"), s => s.IsStale && s.TimestampMs == down);
        var health = await HealthOfAsync(ensure.TargetId);
        Assert.Equal((TargetHealth.Down, "server returned HTTP status 500 Internal Server Error"), (health!.Health, health.LastError));
    }

    [Fact]
    public async Task RetireTarget_marks_all_series_stale_and_stops_the_entity()
    {
        await using var server = await TestHttpServer.StartStaticAsync("a 1\n", cancellationToken: Token);
        var job = Job("app");
        Jobs.Apply(new PrometheusOptions { ScrapeConfigs = [job] });
        var ensure = Ensure(job, server.Address);
        Region.Tell(ensure);
        await AwaitWalAsync(wal => Assert.NotEmpty(wal.Named("a")));
        Region.Tell(new RetireTarget(ensure.TargetId));
        await AwaitWalAsync(wal =>
        {
            foreach (var name in new[] { "a", "up", "scrape_duration_seconds", "scrape_samples_scraped", "scrape_samples_post_metric_relabeling", "scrape_series_added" })
            {
                Assert.True(wal.Named(name).Last().IsStale, name);
            }
        });
        await AwaitAssertAsync(async () => Assert.Null(await HealthOfAsync(ensure.TargetId)), Wait, cancellationToken: Token);
        var count = Wal().Samples.Count;
        await Task.Delay(TimeSpan.FromSeconds(1.5), Token);
        Assert.Equal(count, Wal().Samples.Count);
    }

    [Fact]
    public async Task StopTarget_as_on_hand_off_writes_no_stale_markers()
    {
        await using var server = await TestHttpServer.StartStaticAsync("a 1\n", cancellationToken: Token);
        var job = Job("app");
        Jobs.Apply(new PrometheusOptions { ScrapeConfigs = [job] });
        var ensure = Ensure(job, server.Address);
        // An entity outside the region, so the test can send it the hand-off message the shard would send.
        var env = new ScrapeTargetEnvironment(
            Jobs, ActorRegistry.Get<AppenderActor>(), Health, new ScrapeMetrics(Metrics.WithCustomRegistry(Registry)), TimeProvider.System, 0);
        var entity = Sys.ActorOf(ScrapeTargetActor.Props(ensure.TargetId, env));
        Watch(entity);
        entity.Tell(ensure);
        await AwaitWalAsync(wal => Assert.True(wal.Named("up").Count() >= 2));
        entity.Tell(StopTarget.Instance);
        await ExpectTerminatedAsync(entity, Wait, cancellationToken: Token);
        await Task.Delay(TimeSpan.FromSeconds(1.5), Token);
        Assert.DoesNotContain(Wal().Samples, s => s.IsStale);
    }

    [Fact]
    public async Task Stopping_the_agent_writes_no_stale_markers()
    {
        await using var server = await TestHttpServer.StartStaticAsync("a 1\n", cancellationToken: Token);
        var job = Job("app");
        Jobs.Apply(new PrometheusOptions { ScrapeConfigs = [job] });
        Region.Tell(Ensure(job, server.Address));
        await AwaitWalAsync(wal => Assert.True(wal.Named("up").Count() >= 2));
        await CoordinatedShutdown.Get(Sys).Run(CoordinatedShutdown.ClrExitReason.Instance);
        var wal = Wal();
        Assert.NotEmpty(wal.Named("a"));
        Assert.DoesNotContain(wal.Samples, s => s.IsStale);
    }

    [Fact]
    public async Task Scrape_that_times_out_reports_down_with_prometheus_error()
    {
        await using var server = await TestHttpServer.StartAsync(async ctx =>
        {
            await Task.Delay(TimeSpan.FromSeconds(3), ctx.RequestAborted);
            await Serve(ctx, "a 1\n");
        }, Token);
        var job = Job("app", timeout: TimeSpan.FromMilliseconds(300));
        Jobs.Apply(new PrometheusOptions { ScrapeConfigs = [job] });
        var ensure = Ensure(job, server.Address);
        Region.Tell(ensure);
        await AwaitWalAsync(wal => Assert.Contains(wal.Named("up"), s => s.Value == 0));
        var health = await HealthOfAsync(ensure.TargetId);
        Assert.Equal($"Get \"{ensure.ScrapeUrl}\": context deadline exceeded", health!.LastError);
        Assert.InRange(Wal().Named("scrape_duration_seconds").First().Value, 0.29, 0.9);
    }

    [Theory]
    [InlineData(false, "node", "app")]
    [InlineData(true, "app", null)]
    public async Task Scrape_honor_labels_decides_who_wins_a_clash(bool honorLabels, string job, string? exported)
    {
        await using var server = await TestHttpServer.StartStaticAsync("a{job=\"app\"} 1\n", cancellationToken: Token);
        var options = Job("node") with { HonorLabels = honorLabels };
        Jobs.Apply(new PrometheusOptions { ScrapeConfigs = [options] });
        Region.Tell(Ensure(options, server.Address));
        await AwaitWalAsync(wal =>
        {
            var a = wal.Named("a").First();
            Assert.Equal(job, a.Labels.Get("job"));
            Assert.Equal(exported ?? string.Empty, a.Labels.Get("exported_job"));
        });
    }

    [Fact]
    public async Task Scrape_over_the_sample_limit_appends_nothing_of_the_body_and_counts_it()
    {
        await using var server = await TestHttpServer.StartStaticAsync("a 1\nb 2\nc 3\n", cancellationToken: Token);
        var job = Job("app") with { SampleLimit = 2 };
        Jobs.Apply(new PrometheusOptions { ScrapeConfigs = [job] });
        var ensure = Ensure(job, server.Address);
        Region.Tell(ensure);
        await AwaitWalAsync(wal => Assert.Contains(wal.Named("up"), s => s.Value == 0));
        Assert.DoesNotContain(Wal().Samples, s => s.Name is "a" or "b" or "c");
        Assert.Equal("line 3: sample limit exceeded (limit: 2)", (await HealthOfAsync(ensure.TargetId))!.LastError);
        Assert.True(await MetricValues.ValueAsync(Registry, "prometheus_target_scrapes_exceeded_sample_limit_total") >= 1);
    }

    [Fact]
    public async Task Scrape_over_body_size_limit_fails_and_counts_it()
    {
        await using var server = await TestHttpServer.StartStaticAsync("a 1\nb 2\nc 3\n", cancellationToken: Token);
        var job = Job("app") with { BodySizeLimit = new ByteSize(8) };
        Jobs.Apply(new PrometheusOptions { ScrapeConfigs = [job] });
        var ensure = Ensure(job, server.Address);
        Region.Tell(ensure);
        await AwaitWalAsync(wal => Assert.Contains(wal.Named("up"), s => s.Value == 0));
        Assert.Equal("body size limit exceeded", (await HealthOfAsync(ensure.TargetId))!.LastError);
        Assert.True(await MetricValues.ValueAsync(Registry, "prometheus_target_scrapes_exceeded_body_size_limit_total") >= 1);
    }

    [Fact]
    public async Task Scrape_of_gzipped_openmetrics_honors_its_timestamps()
    {
        const string body = "# TYPE a counter\na_total 7 1700000000.5\n# EOF\n";
        string? accept = null;
        await using var server = await TestHttpServer.StartAsync(async ctx =>
        {
            accept = ctx.Request.Headers.Accept.ToString();
            ctx.Response.ContentType = "application/openmetrics-text; version=1.0.0; charset=utf-8";
            ctx.Response.Headers.ContentEncoding = "gzip";
            using var buffer = new MemoryStream();
            await using (var gzip = new GZipStream(buffer, CompressionLevel.Fastest, leaveOpen: true))
            {
                await gzip.WriteAsync(Encoding.UTF8.GetBytes(body));
            }
            await ctx.Response.Body.WriteAsync(buffer.ToArray());
        }, Token);
        var job = Job("app");
        Jobs.Apply(new PrometheusOptions { ScrapeConfigs = [job] });
        Region.Tell(Ensure(job, server.Address));
        await AwaitWalAsync(wal => Assert.Equal((1_700_000_000_500L, 7.0), wal.Named("a_total").Select(s => (s.TimestampMs, s.Value)).First()));
        Assert.StartsWith("application/openmetrics-text;version=1.0.0", accept);
    }

    [Fact]
    public async Task Scrape_of_a_pool_over_target_limit_fails_without_a_request()
    {
        var requests = 0;
        await using var server = await TestHttpServer.StartAsync(ctx =>
        {
            Interlocked.Increment(ref requests);
            return Serve(ctx, "a 1\n");
        }, Token);
        var job = Job("app");
        Jobs.Apply(new PrometheusOptions { ScrapeConfigs = [job] });
        var ensure = Ensure(job, server.Address, forcedError: "target_limit exceeded (number of targets: 2, limit: 1)");
        Region.Tell(ensure);
        await AwaitWalAsync(wal => Assert.Contains(wal.Named("up"), s => s.Value == 0));
        Assert.Equal(0, requests);
        Assert.Equal(ensure.ForcedError, (await HealthOfAsync(ensure.TargetId))!.LastError);
    }

    [Fact]
    public async Task Scrape_of_a_real_node_exporter_stores_its_metrics()
    {
        await using var exporter = new NodeExporter();
        await exporter.StartAsync(Token);
        var job = Job("node", TimeSpan.FromSeconds(1), TimeSpan.FromSeconds(1));
        Jobs.Apply(new PrometheusOptions { ScrapeConfigs = [job] });
        var ensure = Ensure(job, exporter.Address);
        Region.Tell(ensure);
        await AwaitWalAsync(wal =>
        {
            Assert.Contains(wal.Named("up"), s => s.Value == 1);
            Assert.Contains(wal.Samples, s => s.Name == "node_cpu_seconds_total" && s.Labels.Get("instance") == exporter.Address);
            Assert.True(wal.Named("scrape_samples_scraped").First().Value > 100);
        });
        Assert.Equal(TargetHealth.Up, (await HealthOfAsync(ensure.TargetId))!.Health);
    }
}
