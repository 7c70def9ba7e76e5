using Akka.Actor;
using Akka.Hosting;
using Scraper.Actors.Discovery;
using Scraper.Actors.Hosting;
using Scraper.Node.Http;

namespace Scraper.Node.Hosting;

/// <summary>Asks the discovery singleton (through its proxy) for the targets, with their health.</summary>
internal sealed class DiscoveryTargetsSource(IRequiredActor<TargetDiscoveryKey> discovery) : ITargetsSource
{
    private static readonly TimeSpan AskTimeout = TimeSpan.FromSeconds(10);

    public async Task<TargetsResult> GetAsync(CancellationToken cancellationToken)
    {
        var proxy = await discovery.GetAsync(cancellationToken).ConfigureAwait(false);
        return await proxy.Ask<TargetsResult>(new GetTargets(), AskTimeout, cancellationToken).ConfigureAwait(false);
    }
}
