using System.Collections.Immutable;
using Akka.Actor;
using Akka.Hosting;
using Akka.TestKit;
using Prometheus;
using Scraper.Actors.RemoteWrite;
using Scraper.Actors.Tests.Support;
using Scraper.Actors.Wal;
using Scraper.Wal;

namespace Scraper.Actors.Tests.Wal.Truncation;

/// <summary>The truncation decisions, against a probe standing in for the appender (it records TruncateWal).</summary>
public sealed class WalTruncationActorTests : Akka.Hosting.TestKit.TestKit
{
    private static readonly TimeSpan Wait = TimeSpan.FromSeconds(10);
    private static readonly TimeSpan Frequency = TimeSpan.FromMinutes(1);
    private readonly ManualTimeProvider _time = new(new DateTimeOffset(2026, 1, 1, 12, 0, 0, TimeSpan.Zero));

    public WalTruncationActorTests(ITestOutputHelper output)
        : base(output: output)
    {
    }

    private static CancellationToken Token => TestContext.Current.CancellationToken;

    private long NowMs => _time.GetUtcNow().ToUnixTimeMilliseconds();

    protected override void ConfigureAkka(AkkaConfigurationBuilder builder, IServiceProvider provider)
    {
    }

    private async Task<(IActorRef Actor, TestProbe Appender)> StartAsync()
    {
        var appender = CreateTestProbe();
        var settings = new WalTruncationSettings
        {
            Options = new WalTruncationOptions { TruncateFrequency = Frequency, MinWalTime = TimeSpan.FromMinutes(5), MaxWalTime = TimeSpan.FromHours(4) },
        };
        var actor = Sys.ActorOf(WalTruncationActor.Props(appender, settings, new RemoteWriteMetrics(Metrics.WithCustomRegistry(Metrics.NewCustomRegistry())), _time));
        // Answered once PreStart subscribed to the EventStream and armed the timer.
        await StatusAsync(actor);
        return (actor, appender);
    }

    private static Task<WalTruncationStatus> StatusAsync(IActorRef actor) =>
        actor.Ask<WalTruncationStatus>(GetWalTruncationStatus.Instance, Wait, Token);

    private void Progress(string name, int segment, long ackedTs) =>
        Sys.EventStream.Publish(new RemoteWriteProgress(name, "http://127.0.0.1:9/" + name, new WalPosition(segment, 128), ackedTs));

    private static async Task<TruncateWal> ExpectTruncateAsync(TestProbe appender)
    {
        var request = await appender.ExpectMsgAsync<TruncateWal>(Wait, cancellationToken: Token);
        appender.Reply(new WalTruncated(request.MinTimestampMs, null, null, 0, null));
        return request;
    }

    /// <summary>Moves the clock to the next truncation and waits until the actor has handled it.</summary>
    private async Task TickAsync(IActorRef actor)
    {
        _time.Advance(Frequency);
        await StatusAsync(actor);
    }

    [Fact]
    public async Task Truncation_waits_until_every_configured_endpoint_has_reported()
    {
        var (actor, appender) = await StartAsync();
        actor.Tell(new SetRemoteEndpoints(["a", "b"]));
        Progress("a", 3, NowMs - 60_000);
        await TickAsync(actor);
        var status = await StatusAsync(actor);
        Assert.Equal(["b"], status.WaitingFor);
        Assert.Equal(0, status.Truncations);
        Assert.False(appender.HasMessages);

        // The truncation that was due runs as soon as the last endpoint reports.
        Progress("b", 5, NowMs - 30_000);
        var request = await ExpectTruncateAsync(appender);
        Assert.Equal(3, request.KeepFromSegment);
        Assert.False(request.Force);
    }

    [Fact]
    public async Task Truncation_does_nothing_before_the_node_names_the_endpoints()
    {
        var (actor, appender) = await StartAsync();
        Progress("a", 3, NowMs);
        await TickAsync(actor);
        Assert.False(appender.HasMessages);
        actor.Tell(new SetRemoteEndpoints(["a"]));
        Assert.Equal(3, (await ExpectTruncateAsync(appender)).KeepFromSegment);
    }

    [Fact]
    public async Task Truncation_keeps_from_the_lowest_segment_and_cuts_at_the_lowest_timestamp_minus_min_wal_time()
    {
        var (actor, appender) = await StartAsync();
        actor.Tell(new SetRemoteEndpoints(["a", "b", "c"]));
        // The lowest segment and the lowest timestamp come from different endpoints.
        var t0 = NowMs;
        Progress("a", 4, t0 - 120_000);
        Progress("b", 9, t0 - 600_000);
        Progress("c", 7, t0 - 10_000);
        await TickAsync(actor);
        var request = await ExpectTruncateAsync(appender);
        Assert.Equal(4, request.KeepFromSegment);
        // min_wal_time: five minutes below the lowest acknowledged timestamp (b's).
        Assert.Equal(t0 - 600_000 - 300_000, request.MinTimestampMs);
        Assert.False(request.Force);

        // Each truncate_frequency again, with what the endpoints acknowledged since.
        var t1 = NowMs;
        Progress("a", 10, t1 - 5_000);
        Progress("b", 11, t1 - 5_000);
        Progress("c", 12, t1 - 5_000);
        await TickAsync(actor);
        var next = await ExpectTruncateAsync(appender);
        Assert.Equal((10, t1 - 5_000 - 300_000), (next.KeepFromSegment, next.MinTimestampMs));
        // The answer reaches the actor through its ask: wait for it.
        await AwaitAssertAsync(async () => Assert.Equal(2, (await StatusAsync(actor)).Truncations), Wait, cancellationToken: Token);
    }

    [Fact]
    public async Task Truncation_without_endpoints_cuts_by_time_only()
    {
        var (actor, appender) = await StartAsync();
        actor.Tell(new SetRemoteEndpoints([]));
        await TickAsync(actor);
        var request = await ExpectTruncateAsync(appender);
        Assert.Equal(int.MaxValue, request.KeepFromSegment);
        Assert.Equal(NowMs - (long)TimeSpan.FromHours(4).TotalMilliseconds, request.MinTimestampMs);
        Assert.False(request.Force);
    }

    [Fact]
    public async Task Truncation_is_no_longer_held_back_by_a_removed_endpoint()
    {
        var (actor, appender) = await StartAsync();
        actor.Tell(new SetRemoteEndpoints(["a", "b", "c"]));
        Progress("a", 8, NowMs - 1_000);
        Progress("b", 2, NowMs - 1_000);
        await TickAsync(actor);
        Assert.False(appender.HasMessages);

        // c, which never reported, is removed: the waiting truncation runs, held back by b.
        Sys.EventStream.Publish(new RemoteWriteEndpointRemoved("c"));
        Assert.Equal(2, (await ExpectTruncateAsync(appender)).KeepFromSegment);

        // b is removed too: only a counts.
        Sys.EventStream.Publish(new RemoteWriteEndpointRemoved("b"));
        await TickAsync(actor);
        Assert.Equal(8, (await ExpectTruncateAsync(appender)).KeepFromSegment);
        Assert.Empty((await StatusAsync(actor)).WaitingFor);
    }

    [Fact]
    public async Task Truncation_that_is_due_while_one_runs_follows_it()
    {
        var (actor, appender) = await StartAsync();
        actor.Tell(new SetRemoteEndpoints([]));
        await TickAsync(actor);
        var first = await appender.ExpectMsgAsync<TruncateWal>(Wait, cancellationToken: Token);
        var firstSender = appender.LastSender;
        await TickAsync(actor);
        Assert.True((await StatusAsync(actor)).Busy);
        Assert.False(appender.HasMessages);
        firstSender.Tell(new WalTruncated(first.MinTimestampMs, 3, 2, 0, null));
        var second = await ExpectTruncateAsync(appender);
        Assert.True(second.MinTimestampMs > first.MinTimestampMs);
    }

    [Fact]
    public void WalTruncationDecision_uses_the_lowest_endpoint_and_flags_one_older_than_max_wal_time()
    {
        var options = new WalTruncationOptions();
        const long now = 100_000_000;
        ImmutableArray<EndpointAck> endpoints =
        [
            new("a", "u", new WalPosition(5, 0), now - 1_000),
            new("b", "u", new WalPosition(3, 9), now - 2_000),
        ];
        var plan = WalTruncationDecision.Plan(endpoints, now, options);
        Assert.Equal((now - 2_000 - 300_000, 3, now - 14_400_000, false), plan);
        var lagging = WalTruncationDecision.Plan([.. endpoints, new("c", "u", new WalPosition(1, 0), long.MinValue)], now, options);
        Assert.Equal((now - 14_400_000, 1, true), (lagging.Mint, lagging.KeepFromSegment, lagging.MayNeedForce));
    }
}
