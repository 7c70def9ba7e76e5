using Akka.Actor;
using Akka.Hosting;
using Akka.Pattern;
using Akka.Persistence;
using Akka.Persistence.TestKit;
using Scraper.Actors.RemoteWrite;
using Scraper.Wal;

namespace Scraper.Actors.Tests.RemoteWrite.Store;

/// <summary>The store over Akka's test journal, which fails writes on demand.</summary>
public sealed class SendPositionStoreFailureTests : Akka.Hosting.TestKit.TestKit
{
    private static readonly TimeSpan Wait = TimeSpan.FromSeconds(20);

    public SendPositionStoreFailureTests(ITestOutputHelper output)
        : base(output: output)
    {
    }

    private static CancellationToken Token => TestContext.Current.CancellationToken;

    protected override void ConfigureAkka(AkkaConfigurationBuilder builder, IServiceProvider provider) =>
        builder.AddHocon(
            """
            akka.persistence.journal {
              plugin = "akka.persistence.journal.test"
              test {
                class = "Akka.Persistence.TestKit.TestJournal, Akka.Persistence.TestKit"
                plugin-dispatcher = "akka.actor.default-dispatcher"
              }
            }
            akka.persistence.snapshot-store {
              plugin = "akka.persistence.snapshot-store.test"
              test {
                class = "Akka.Persistence.TestKit.TestSnapshotStore, Akka.Persistence.TestKit"
                plugin-dispatcher = "akka.actor.default-dispatcher"
              }
            }
            """,
            HoconAddMode.Prepend);

    private ITestJournal Journal => TestJournal.FromRef(Persistence.Instance.Apply(Sys).JournalFor("akka.persistence.journal.test"));

    [Fact]
    public async Task SendPositionStore_after_a_failed_write_is_started_again_and_keeps_working()
    {
        var store = Sys.ActorOf(SendPositionStore.Props("rw-fail"));
        Assert.Null((await store.Ask<SendPositionLoaded>(LoadSendPosition.Instance, Wait, Token)).Position);
        var first = (await store.Ask<BackoffSupervisor.CurrentChild>(BackoffSupervisor.GetCurrentChild.Instance, Wait, Token)).Ref;
        Watch(first);

        await Journal.OnWrite.Fail();
        store.Tell(new SaveSendPosition(new WalPosition(1, 10), 1_000));
        await ExpectTerminatedAsync(first, Wait, cancellationToken: Token);
        await Journal.OnWrite.Pass();

        // The failed write stopped the store (Akka's rule); its supervisor started it again after a backoff, and
        // the new incarnation recovered what was written: nothing. Messages sent during the backoff are lost, so ask
        // until it answers.
        await AwaitAssertAsync(
            async () => Assert.Null((await store.Ask<SendPositionLoaded>(LoadSendPosition.Instance, TimeSpan.FromMilliseconds(300), Token)).Position),
            Wait, TimeSpan.FromMilliseconds(50), Token);
        store.Tell(new SaveSendPosition(new WalPosition(2, 20), 2_000));
        Assert.Equal(new WalPosition(2, 20), (await store.Ask<SendPositionLoaded>(LoadSendPosition.Instance, Wait, Token)).Position);

        // And that write reached the journal: a store started afresh recovers it.
        await AwaitAssertAsync(
            async () =>
            {
                var probe = Sys.ActorOf(SendPositionStore.StoreProps("rw-fail"));
                var loaded = await probe.Ask<SendPositionLoaded>(LoadSendPosition.Instance, Wait, Token);
                Sys.Stop(probe);
                Assert.Equal(new WalPosition(2, 20), loaded.Position);
            },
            Wait, TimeSpan.FromMilliseconds(50), Token);
    }
}
