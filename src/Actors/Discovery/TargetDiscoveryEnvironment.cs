using Akka.Actor;
using Scraper.Actors.Configuration;
using Scraper.Actors.Scrape;

namespace Scraper.Actors.Discovery;

/// <summary>What the discovery singleton needs from its node, handed in through Props.</summary>
/// <param name="Jobs">The node's job registry; its <see cref="ScrapeJobRegistry.Options"/> is the configuration to start with.</param>
/// <param name="Region">The scrape target shard region.</param>
/// <param name="Metrics">Service discovery self-metrics.</param>
/// <param name="ScrapeMetrics">Scrape pool self-metrics.</param>
/// <param name="ReconcileInterval">How often every live target is re-sent to the region.</param>
/// <param name="Dns">The resolver of dns_sd configs.</param>
/// <param name="HttpHandlerFactory">Builds the HTTP handler of an http_sd config.</param>
/// <param name="HostName">This machine's name, for the targets API's globalUrl.</param>
public sealed record TargetDiscoveryEnvironment(
    ScrapeJobRegistry Jobs,
    IActorRef Region,
    DiscoveryMetrics Metrics,
    ScrapeMetrics ScrapeMetrics,
    TimeSpan ReconcileInterval,
    IDnsResolver Dns,
    Func<HttpClientOptions, HttpMessageHandler> HttpHandlerFactory,
    string HostName)
{
    /// <summary>An entity that hears no EnsureTarget for this many reconcile intervals stops itself.</summary>
    public const int LeaseIntervals = 3;

    /// <summary>How long the targets API waits for each node's health.</summary>
    public static readonly TimeSpan HealthTimeout = TimeSpan.FromSeconds(3);
}
