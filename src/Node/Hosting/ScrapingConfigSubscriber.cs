using Akka.Actor;
using Akka.Hosting;
using Scraper.Actors.Configuration;
using Scraper.Actors.Discovery;
using Scraper.Actors.Hosting;
using Scraper.Actors.Scrape;

namespace Scraper.Node.Hosting;

/// <summary>
/// Reload for the scrape side: this node's job registry first (the settings its scrape entities read, secrets
/// included), then the discovery singleton, which re-creates the SD of changed jobs and re-sends its targets.
/// </summary>
internal sealed class ScrapingConfigSubscriber(ScrapeJobRegistry jobs, IRequiredActor<TargetDiscoveryKey> discovery) : IConfigSubscriber
{
    private static readonly TimeSpan AskTimeout = TimeSpan.FromSeconds(30);

    public string Name => "discovery";

    public async Task ApplyAsync(PrometheusOptions options, CancellationToken cancellationToken)
    {
        jobs.Apply(options);
        var proxy = await discovery.GetAsync(cancellationToken).ConfigureAwait(false);
        var reply = await proxy.Ask<object>(new ApplyConfig(options), AskTimeout, cancellationToken).ConfigureAwait(false);
        if (reply is ConfigApplyFailed failed)
        {
            throw new InvalidOperationException(failed.Reason);
        }
    }
}
