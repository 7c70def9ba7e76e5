using System.Collections.Immutable;
using Scraper.Protocol.Model;

namespace Scraper.Node.Http;

/// <summary>One active target, as Prometheus's <c>/api/v1/targets</c> shows it.</summary>
internal sealed record ActiveTargetView(
    Labels DiscoveredLabels,
    Labels Labels,
    string ScrapePool,
    string ScrapeUrl,
    string GlobalUrl,
    string LastError,
    DateTimeOffset? LastScrape,
    double LastScrapeDurationSeconds,
    string Health,
    TimeSpan ScrapeInterval,
    TimeSpan ScrapeTimeout);

/// <summary>One target dropped by relabeling.</summary>
internal sealed record DroppedTargetView(Labels DiscoveredLabels, string ScrapePool);

/// <summary>Everything <c>/api/v1/targets</c> reports.</summary>
internal sealed record TargetsView(
    ImmutableArray<ActiveTargetView> Active,
    ImmutableArray<DroppedTargetView> Dropped,
    ImmutableDictionary<string, int> DroppedCounts);

/// <summary>Where the API reads the targets from (discovery and target health).</summary>
internal interface ITargetsSource
{
    /// <summary>The current targets.</summary>
    Task<TargetsView> GetAsync(CancellationToken cancellationToken);
}
