using Akka.Actor;
using Scraper.Actors.Configuration;
using Scraper.Actors.Discovery;
using Scraper.Actors.Scrape;
using Scraper.Actors.Tests.Support;
using Scraper.TestSupport;

namespace Scraper.Actors.Tests.Discovery;

/// <summary>Discovery singleton, shard region, entities and appender together, as the node wires them.</summary>
public sealed class ScrapingEndToEndTests(ITestOutputHelper output) : ScrapingTestKit(output)
{
    private static PrometheusOptions Static(params (string Job, string Address)[] targets) => new()
    {
        ScrapeConfigs = [.. targets.GroupBy(t => t.Job).Select(g => Job(g.Key) with
        {
            StaticConfigs = [new StaticTargetGroup { Targets = [.. g.Select(t => t.Address)] }],
        })],
    };

    [Fact]
    public async Task Configured_target_is_scraped_and_shown_up_in_the_targets_api()
    {
        await using var server = await TestHttpServer.StartStaticAsync("a 1\n", cancellationToken: Token);
        var applied = await Discovery.Ask<ConfigApplied>(new ApplyConfig(Static(("app", server.Address))), Wait, Token);
        Assert.Equal(["app"], applied.ChangedJobs);
        await AwaitWalAsync(wal => Assert.Contains(wal.Named("up"), s => s.Value == 1 && s.Labels.Get("instance") == server.Address));

        await AwaitAssertAsync(async () =>
        {
            var targets = await Discovery.Ask<TargetsResult>(new GetTargets(), Wait, Token);
            var target = Assert.Single(targets.ActiveTargets);
            Assert.Equal(TargetHealth.Up, target.Health);
            Assert.NotNull(target.LastScrape);
            Assert.Equal(string.Empty, target.LastError);
            Assert.Equal($"http://testhost:{server.Port}/metrics", target.GlobalUrl);
            Assert.Equal(("1s", "800ms"), (target.ScrapeInterval, target.ScrapeTimeout));
        }, Wait, cancellationToken: Token);
    }

    [Fact]
    public async Task Target_removed_from_the_configuration_goes_stale()
    {
        await using var server = await TestHttpServer.StartStaticAsync("a 1\n", cancellationToken: Token);
        await using var other = await TestHttpServer.StartStaticAsync("b 1\n", cancellationToken: Token);
        await Discovery.Ask<ConfigApplied>(new ApplyConfig(Static(("app", server.Address), ("app", other.Address))), Wait, Token);
        await AwaitWalAsync(wal => Assert.NotEmpty(wal.Named("b")));

        await Discovery.Ask<ConfigApplied>(new ApplyConfig(Static(("app", server.Address))), Wait, Token);
        await AwaitWalAsync(wal => Assert.True(wal.Named("b").Last().IsStale));
        Assert.True(Wal().For("up", "instance", other.Address).Last().IsStale);
        var count = Wal().Named("a").Count();
        await AwaitWalAsync(wal => Assert.True(wal.Named("a").Count() > count));
        Assert.DoesNotContain(Wal().Named("a"), s => s.IsStale);
    }
}
