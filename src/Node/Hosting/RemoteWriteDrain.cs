using Akka;
using Akka.Actor;
using Akka.Event;
using Akka.Hosting;
using Scraper.Actors.RemoteWrite;
using Scraper.Actors.Scrape;
using Scraper.Actors.Wal;

namespace Scraper.Node.Hosting;

/// <summary>The node's shutdown step that sends what the WAL still holds to every remote-write endpoint.</summary>
internal static class RemoteWriteDrain
{
    /// <summary>
    /// SIGTERM, SIGINT and /-/quit run CoordinatedShutdown: the shard region stops the scrape entities first (no stale
    /// markers, as Prometheus writes none on stop), then, before the actor system goes, the appender commits what it
    /// holds and every endpoint is sent the rest of the WAL, for up to --storage.remote.flush-deadline. What is not
    /// sent by then stays in the WAL behind the persisted send position and goes out after the next start.
    /// </summary>
    public static void Register(ActorSystem system, IActorRegistry registry, TimeSpan deadline)
    {
        var appender = registry.Get<AppenderActor>();
        var remoteWrite = registry.Get<RemoteWriteManagerActor>();
        var log = Logging.GetLogger(system, "remote-write");
        CoordinatedShutdown.Get(system).AddTask(CoordinatedShutdown.PhaseBeforeActorSystemTerminate, "drain-remote-write", async () =>
        {
            try
            {
                // Answered after the commits already queued in the appender's mailbox.
                await appender.Ask<WalStatus>(GetWalStatus.Instance, TimeSpan.FromSeconds(10)).ConfigureAwait(false);
                var drained = await remoteWrite.Ask<RemoteWriteDrained>(new DrainRemoteWrite(deadline), deadline + TimeSpan.FromSeconds(5))
                    .ConfigureAwait(false);
                if (!drained.Complete)
                {
                    log.Warning("Remote write not drained within the flush deadline of {0}; the rest is sent after the next start", GoDuration.Format(deadline));
                }
            }
            catch (Exception e) when (e is AskTimeoutException or TaskCanceledException)
            {
                log.Warning("Remote write drain did not answer: {0}", e.Message);
            }
            return Done.Instance;
        });
    }

}
