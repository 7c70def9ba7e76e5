using Akka.Actor;
using Akka.Hosting;
using Prometheus;
using Scraper.Actors.Configuration;
using Scraper.Actors.Hosting;
using Scraper.Actors.RemoteWrite;
using Scraper.Actors.Tests.Support;
using Scraper.Protocol.Model;
using Scraper.Wal;

namespace Scraper.Actors.Tests.RemoteWrite.Watching;

public sealed class RemoteWriteManagerActorTests : Akka.Hosting.TestKit.TestKit
{
    private static readonly TimeSpan Wait = TimeSpan.FromSeconds(10);
    private readonly TempDirectory _dir = new();
    private readonly CollectorRegistry _registry = Prometheus.Metrics.NewCustomRegistry();
    private readonly ShardLog _shards = new();
    private readonly StoreState _store = new() { Position = WalPosition.StartOf(0) };
    private readonly WalWriter _writer;

    public RemoteWriteManagerActorTests(ITestOutputHelper output)
        : base(output: output)
    {
        _writer = WalWriter.Open(new WalWriterOptions { Directory = _dir.Combine("wal"), SyncPolicy = WalSyncPolicy.Never });
    }

    private static CancellationToken Token => TestContext.Current.CancellationToken;

    private IActorRef Manager => ActorRegistry.Get<RemoteWriteManagerActor>();

    protected override void ConfigureAkka(AkkaConfigurationBuilder builder, IServiceProvider provider) =>
        builder.WithRemoteWrite(new RemoteWriteSetup
        {
            WalDirectory = _dir.Combine("wal"),
            Notifier = new WalNotifier(),
            MetricFactory = Prometheus.Metrics.WithCustomRegistry(_registry),
            ShardProps = s => TestShardActor.Props(s, _shards),
            StoreProps = id => TestStoreActor.Props(id, _store),
            HttpClientFactory = _ => new HttpClient(),
        });

    protected override async Task AfterAllAsync()
    {
        await Sys.Terminate();
        _writer.Dispose();
        _dir.Dispose();
        await base.AfterAllAsync();
    }

    private static RemoteWriteOptions Endpoint(string name, string url, int capacity = 10_000) => new()
    {
        Url = url,
        Name = name,
        RemoteName = name.Length > 0 ? name : "abc123",
        Queue = new QueueOptions { Capacity = capacity },
    };

    private async Task<RemoteWriteConfigApplied> ApplyAsync(params RemoteWriteOptions[] endpoints) =>
        await Manager.Ask<RemoteWriteConfigApplied>(new ApplyRemoteWriteConfig([.. endpoints], Labels.Empty), Wait, Token);

    private Task AwaitStoresAsync(params string[] ids) =>
        // Watchers start concurrently: compare the stores created regardless of order.
        AwaitAssertAsync(() => Assert.Equal(ids.Order(), _store.PersistenceIds.Order()), Wait, cancellationToken: Token);

    [Fact]
    public async Task Apply_starts_new_restarts_changed_stops_removed_and_keeps_unchanged_watchers()
    {
        var removed = CreateTestProbe();
        Sys.EventStream.Subscribe(removed, typeof(RemoteWriteEndpointRemoved));

        Assert.Equal(new RemoteWriteConfigApplied(2, 0, 0, 0), await ApplyAsync(Endpoint("a", "http://127.0.0.1:9/a"), Endpoint("", "http://127.0.0.1:9/b")));
        await AwaitStoresAsync("remote-write-a", "remote-write-http://127.0.0.1:9/b");

        // Equal content in new records is no change.
        Assert.Equal(new RemoteWriteConfigApplied(0, 0, 0, 2), await ApplyAsync(Endpoint("a", "http://127.0.0.1:9/a"), Endpoint("", "http://127.0.0.1:9/b")));

        Assert.Equal(
            new RemoteWriteConfigApplied(0, 1, 0, 1),
            await ApplyAsync(Endpoint("a", "http://127.0.0.1:9/a", capacity: 500), Endpoint("", "http://127.0.0.1:9/b")));
        // The restarted watcher's store comes back under the same persistence id once the old one stopped.
        await AwaitStoresAsync("remote-write-a", "remote-write-http://127.0.0.1:9/b", "remote-write-a");

        Assert.Equal(new RemoteWriteConfigApplied(0, 0, 1, 1), await ApplyAsync(Endpoint("", "http://127.0.0.1:9/b")));
        Assert.Equal("a", (await removed.ExpectMsgAsync<RemoteWriteEndpointRemoved>(Wait, cancellationToken: Token)).RemoteName);
        Assert.DoesNotContain("remote_name=\"a\"", await MetricValues.TextAsync(_registry), StringComparison.Ordinal);
    }

    [Fact]
    public async Task Apply_with_other_external_labels_restarts_every_watcher()
    {
        await ApplyAsync(Endpoint("a", "http://127.0.0.1:9/a"), Endpoint("b", "http://127.0.0.1:9/b"));
        var applied = await Manager.Ask<RemoteWriteConfigApplied>(
            new ApplyRemoteWriteConfig([Endpoint("a", "http://127.0.0.1:9/a"), Endpoint("b", "http://127.0.0.1:9/b")], Labels.FromStrings("dc", "x")),
            Wait,
            Token);
        Assert.Equal(new RemoteWriteConfigApplied(0, 2, 0, 0), applied);
        await AwaitAssertAsync(() => Assert.Equal(4, _store.PersistenceIds.Count), Wait, cancellationToken: Token);
    }

    [Fact]
    public async Task Drain_fans_out_to_every_watcher()
    {
        await ApplyAsync(Endpoint("a", "http://127.0.0.1:9/a"), Endpoint("b", "http://127.0.0.1:9/b"));
        var drained = await Manager.Ask<RemoteWriteDrained>(new DrainRemoteWrite(Wait), Wait + Wait, Token);
        Assert.True(drained.Complete);
        Assert.Equal(2, _shards.Events.Count(e => e.Kind == ShardEventKind.FlushAsked));
    }

    [Fact]
    public void Keys_are_the_name_else_the_url_and_unique()
    {
        Assert.Equal(
            ["a", "http://x/1", "http://x/1#2", "a#2"],
            RemoteWriteManagerActor.Keys([Endpoint("a", "http://x/0"), Endpoint("", "http://x/1"), Endpoint("", "http://x/1"), Endpoint("a", "http://x/2")]));
    }
}
