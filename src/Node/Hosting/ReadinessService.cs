using Akka.Actor;
using Akka.Cluster;
using Akka.Hosting;
using Microsoft.Extensions.Hosting;
using Scraper.Actors.Wal;

namespace Scraper.Node.Hosting;

/// <summary>
/// Flips <see cref="ReadinessState"/>: ready once this node is an Up member of its cluster and its appender has
/// opened (replayed and repaired) the WAL; not ready as soon as a stop begins.
/// </summary>
internal sealed class ReadinessService(
    ActorSystem system,
    IRequiredActor<AppenderActor> appender,
    ReadinessState readiness,
    IHostApplicationLifetime lifetime) : IHostedService
{
    private static readonly TimeSpan AskTimeout = TimeSpan.FromSeconds(5);

    public Task StartAsync(CancellationToken cancellationToken)
    {
        readiness.Set(false);
        var stopping = lifetime.ApplicationStopping;
        stopping.Register(() => readiness.Set(false));
        Cluster.Get(system).RegisterOnMemberUp(() => _ = WhenWalOpenAsync(stopping));
        return Task.CompletedTask;
    }

    public Task StopAsync(CancellationToken cancellationToken)
    {
        readiness.Set(false);
        return Task.CompletedTask;
    }

    private async Task WhenWalOpenAsync(CancellationToken stopping)
    {
        // A large WAL takes a while to replay; the appender answers once it is open.
        while (!stopping.IsCancellationRequested)
        {
            try
            {
                var actor = await appender.GetAsync(stopping).ConfigureAwait(false);
                await actor.Ask<WalStatus>(GetWalStatus.Instance, AskTimeout, stopping).ConfigureAwait(false);
                readiness.Set(!stopping.IsCancellationRequested);
                return;
            }
            catch (AskTimeoutException)
            {
                // Still replaying; ask again.
            }
            catch (OperationCanceledException)
            {
                return;
            }
        }
    }
}
