using Akka.Actor;
using Akka.Hosting;
using Scraper.Actors.Hosting;
using Scraper.Actors.RemoteWrite;
using Scraper.Actors.Serialization;
using Scraper.Actors.Tests.Support;
using Scraper.Protocol.Proto.Persistence;
using Scraper.Wal;

namespace Scraper.Actors.Tests.RemoteWrite.Store;

public sealed class SendPositionStoreTests : Akka.Hosting.TestKit.TestKit
{
    private static readonly TimeSpan Wait = TimeSpan.FromSeconds(20);
    private readonly TempDirectory _dir = new();

    public SendPositionStoreTests(ITestOutputHelper output)
        : base(output: output)
    {
    }

    private ScraperPersistenceSetup Setup => ScraperPersistenceSetup.Sqlite(_dir.Path);

    private JournalDatabase Db => new(Path.Combine(_dir.Path, ScraperPersistenceSetup.DatabaseFileName));

    private static CancellationToken Token => TestContext.Current.CancellationToken;

    protected override void ConfigureAkka(AkkaConfigurationBuilder builder, IServiceProvider provider) =>
        builder.WithScraperPersistence(Setup);

    protected override async Task AfterAllAsync()
    {
        await Sys.Terminate();
        Microsoft.Data.Sqlite.SqliteConnection.ClearAllPools();
        _dir.Dispose();
        await base.AfterAllAsync();
    }

    private static async Task<SendPositionLoaded> LoadAsync(IActorRef store) =>
        await store.Ask<SendPositionLoaded>(LoadSendPosition.Instance, Wait, Token);

    /// <summary>Waits until the journal's newest event for <paramref name="pid"/> is <paramref name="position"/>.</summary>
    private Task AwaitPersistedAsync(string pid, WalPosition position) =>
        AwaitAssertAsync(
            () =>
            {
                var rows = Db.Rows(pid);
                Assert.NotEmpty(rows);
                var last = rows[^1];
                Assert.Equal(ScraperPersistenceSerializer.SerializerId, last.SerializerId);
                Assert.Equal(position, ToPosition(SendPosition.Parser.ParseFrom(last.Message)));
            },
            Wait, TimeSpan.FromMilliseconds(10), Token);

    private static WalPosition ToPosition(SendPosition p) => new(p.Segment, p.Offset);

    [Fact]
    public async Task SendPositionStore_new_store_answers_no_position()
    {
        var store = Sys.ActorOf(SendPositionStore.Props("rw-empty"));
        var loaded = await LoadAsync(store);
        Assert.Null(loaded.Position);
        Assert.Equal(long.MinValue, loaded.AckedTimestampMs);
    }

    [Fact]
    public async Task SendPositionStore_stopped_and_started_in_a_new_actor_system_recovers_the_latest_position()
    {
        var store = Sys.ActorOf(SendPositionStore.Props("rw-a"));
        store.Tell(new SaveSendPosition(new WalPosition(1, 100), 1_000));
        store.Tell(new SaveSendPosition(new WalPosition(1, 5_000), 2_000));
        store.Tell(new SaveSendPosition(new WalPosition(2, 64), 3_000));
        Assert.Equal(new WalPosition(2, 64), (await LoadAsync(store)).Position);
        await AwaitPersistedAsync("rw-a", new WalPosition(2, 64));
        Assert.Equal("wal", Db.JournalMode());
        await store.GracefulStop(Wait);
        await Sys.Terminate();

        using var second = ActorSystem.Create("second", ScraperPersistenceHostingExtensions.Configuration(Setup));
        try
        {
            var again = second.ActorOf(SendPositionStore.Props("rw-a"));
            var loaded = await again.Ask<SendPositionLoaded>(LoadSendPosition.Instance, Wait, Token);
            Assert.Equal(new WalPosition(2, 64), loaded.Position);
            Assert.Equal(3_000, loaded.AckedTimestampMs);
            // Another endpoint's id is a store of its own.
            var other = await second.ActorOf(SendPositionStore.Props("rw-b")).Ask<SendPositionLoaded>(LoadSendPosition.Instance, Wait, Token);
            Assert.Null(other.Position);
        }
        finally
        {
            await second.Terminate();
        }
    }

    [Fact]
    public async Task SendPositionStore_burst_of_10000_saves_is_coalesced_and_ends_with_the_last_persisted()
    {
        const int saves = 10_000;
        var store = Sys.ActorOf(SendPositionStore.Props("rw-burst"));
        await LoadAsync(store);
        for (var i = 1; i <= saves; i++)
        {
            store.Tell(new SaveSendPosition(new WalPosition(i / 1000, i), i));
        }
        var last = new WalPosition(saves / 1000, saves);
        var loaded = await LoadAsync(store);
        Assert.Equal((last, (long)saves), (loaded.Position, loaded.AckedTimestampMs));
        await AwaitPersistedAsync("rw-burst", last);
        // One write in flight at a time, the newest pending save next: a few writes, not one per save.
        var written = Db.Rows("rw-burst")[^1].SequenceNr;
        TestContext.Current.TestOutputHelper?.WriteLine($"{saves} saves, {written} events written");
        Assert.InRange(written, 1, saves / 10);
    }

    [Fact]
    public async Task SendPositionStore_ignores_a_position_that_is_not_newer()
    {
        var store = Sys.ActorOf(SendPositionStore.Props("rw-order"));
        store.Tell(new SaveSendPosition(new WalPosition(5, 100), 9_000));
        store.Tell(new SaveSendPosition(new WalPosition(3, 0), 1_000));
        store.Tell(new SaveSendPosition(new WalPosition(5, 100), 9_500));
        store.Tell(new SaveSendPosition(new WalPosition(4, 99_999), 1_000));
        var loaded = await LoadAsync(store);
        Assert.Equal((new WalPosition(5, 100), 9_000L), (loaded.Position, loaded.AckedTimestampMs));
        await AwaitPersistedAsync("rw-order", new WalPosition(5, 100));
        store.Tell(new SaveSendPosition(new WalPosition(5, 200), 8_000));
        await AwaitPersistedAsync("rw-order", new WalPosition(5, 200));
        Assert.Equal(2, Db.Rows("rw-order").Count);
        // The acked timestamp is the highest below the position: it does not go back.
        Assert.Equal(9_000, (await LoadAsync(store)).AckedTimestampMs);
    }

    [Fact]
    public async Task SendPositionStore_snapshots_and_deletes_old_events_so_the_journal_stays_bounded()
    {
        const int every = 5;
        var store = Sys.ActorOf(SendPositionStore.StoreProps("rw-snap", every));
        for (var i = 1; i <= 42; i++)
        {
            var p = new WalPosition(i, 0);
            store.Tell(new SaveSendPosition(p, i));
            // One save at a time, each its own event.
            await AwaitPersistedAsync("rw-snap", p);
        }
        await AwaitAssertAsync(
            () =>
            {
                Assert.InRange(Db.Rows("rw-snap").Count, 1, every + 1);
                Assert.Equal([40L], Db.Snapshots("rw-snap"));
            },
            Wait, TimeSpan.FromMilliseconds(10), Token);
        await store.GracefulStop(Wait);

        // Snapshot 40 plus events 41 and 42.
        var again = Sys.ActorOf(SendPositionStore.StoreProps("rw-snap", every));
        var loaded = await LoadAsync(again);
        Assert.Equal((new WalPosition(42, 0), 42L), (loaded.Position, loaded.AckedTimestampMs));
    }

    [Theory]
    [InlineData(0, 0L, 0L)]
    [InlineData(12, 4096L, 1_700_000_000_123L)]
    [InlineData(int.MaxValue, long.MaxValue, long.MinValue)]
    public void ScraperPersistenceSerializer_round_trips_events_and_snapshots(int segment, long offset, long ackedTimestampMs)
    {
        var position = new WalPosition(segment, offset);
        object[] messages = [new SendPositionRecorded(position, ackedTimestampMs), new SendPositionSnapshot(position, ackedTimestampMs)];
        foreach (var message in messages)
        {
            var serializer = Sys.Serialization.FindSerializerFor(message);
            Assert.IsType<ScraperPersistenceSerializer>(serializer);
            var manifest = Akka.Serialization.Serialization.ManifestFor(serializer, message);
            var back = Sys.Serialization.Deserialize(serializer.ToBinary(message), serializer.Identifier, manifest);
            Assert.Equal(message, back);
        }
    }

    [Fact]
    public void ScraperPersistenceSerializer_rejects_an_unknown_manifest()
    {
        var serializer = (ScraperPersistenceSerializer)Sys.Serialization.FindSerializerForType(typeof(SendPositionRecorded));
        Assert.Throws<System.Runtime.Serialization.SerializationException>(() => serializer.FromBinary([], "nope"));
    }
}
