using Akka.Actor;
using Scraper.Actors.Configuration;
using Scraper.Actors.Scrape;
using Scraper.Actors.Tests.Support;
using Scraper.Protocol.Model;
using Scraper.TestSupport;

namespace Scraper.Actors.Tests.Scrape;

/// <summary>Schedule tests on a clock the test moves: no waiting for real intervals.</summary>
public sealed class ScrapePhaseTests(ITestOutputHelper output) : ScrapingTestKit(output)
{
    private readonly ManualTimeProvider _time = new(new DateTimeOffset(2026, 1, 1, 0, 0, 0, 123, TimeSpan.Zero));

    protected override TimeProvider Time => _time;

    [Fact]
    public async Task First_scrape_happens_at_the_targets_phase()
    {
        var requests = 0;
        await using var server = await TestHttpServer.StartAsync(ctx =>
        {
            Interlocked.Increment(ref requests);
            return TestHttpServer.Write(ctx, "a 1\n", "text/plain");
        }, Token);
        var job = Job("app", TimeSpan.FromSeconds(10), TimeSpan.FromSeconds(5));
        Jobs.Apply(new PrometheusOptions { ScrapeConfigs = [job] });
        var ensure = Ensure(job, server.Address);
        Assert.True(TargetIdentity.TryParse(ensure.TargetId, out var hash));
        var slot = ScrapeSchedule.FirstSlot(_time.GetUtcNow(), job.ScrapeInterval, hash, ScrapeSchedule.OffsetSeed(Labels.Empty));

        Region.Tell(ensure);
        await AwaitConditionAsync(() => Task.FromResult(_time.NextDue == slot), Wait, cancellationToken: Token);
        _time.SetUtcNow(slot - TimeSpan.FromMilliseconds(1));
        await Task.Delay(300, Token);
        Assert.Equal(0, requests);

        _time.SetUtcNow(slot);
        await AwaitWalAsync(wal => Assert.Equal(slot.ToUnixTimeMilliseconds(), wal.Named("a").Single().TimestampMs));
        Assert.Equal(1, requests);
        Assert.Equal(slot + job.ScrapeInterval, _time.NextDue);

        _time.SetUtcNow(slot + job.ScrapeInterval);
        await AwaitWalAsync(wal => Assert.Equal(
            [slot.ToUnixTimeMilliseconds(), (slot + job.ScrapeInterval).ToUnixTimeMilliseconds()],
            wal.Named("a").Select(s => s.TimestampMs)));
    }

    [Fact]
    public async Task Entity_stops_silently_when_discovery_stops_renewing_its_lease()
    {
        await using var server = await TestHttpServer.StartStaticAsync("a 1\n", cancellationToken: Token);
        var job = Job("app", TimeSpan.FromSeconds(10), TimeSpan.FromSeconds(5));
        Jobs.Apply(new PrometheusOptions { ScrapeConfigs = [job] });
        var ensure = Ensure(job, server.Address, lease: TimeSpan.FromSeconds(30));
        Region.Tell(ensure);
        await AwaitConditionAsync(() => Task.FromResult(_time.NextDue is not null), Wait, cancellationToken: Token);
        _time.Advance(TimeSpan.FromSeconds(10));
        await AwaitWalAsync(wal => Assert.Single(wal.Named("a")));
        Assert.NotNull(await HealthOfAsync(ensure.TargetId));

        // Three more slots pass without an EnsureTarget: the lease of 30 s runs out at the third.
        for (var i = 0; i < 3; i++)
        {
            var scraped = Wal().Named("up").Count();
            _time.Advance(TimeSpan.FromSeconds(10));
            if (i < 2)
            {
                await AwaitWalAsync(wal => Assert.Equal(scraped + 1, wal.Named("up").Count()));
            }
        }
        await AwaitAssertAsync(async () => Assert.Null(await HealthOfAsync(ensure.TargetId)), Wait, cancellationToken: Token);
        Assert.DoesNotContain(Wal().Samples, s => s.IsStale);
    }
}
