using Akka.Actor;
using Akka.Cluster;
using Microsoft.Extensions.Hosting;

namespace Scraper.Node.Hosting;

/// <summary>
/// Flips <see cref="ReadinessState"/>: ready once this node is an Up member of its cluster; not ready as soon as a
/// stop begins.
/// </summary>
internal sealed class ReadinessService(ActorSystem system, ReadinessState readiness, IHostApplicationLifetime lifetime) : IHostedService
{
    public Task StartAsync(CancellationToken cancellationToken)
    {
        readiness.Set(false);
        Cluster.Get(system).RegisterOnMemberUp(() => readiness.Set(true));
        lifetime.ApplicationStopping.Register(() => readiness.Set(false));
        return Task.CompletedTask;
    }

    public Task StopAsync(CancellationToken cancellationToken)
    {
        readiness.Set(false);
        return Task.CompletedTask;
    }
}
