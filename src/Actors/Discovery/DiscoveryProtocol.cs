using System.Collections.Immutable;
using Scraper.Actors.Configuration;
using Scraper.Actors.Scrape;
using Scraper.Protocol.Model;

namespace Scraper.Actors.Discovery;

/// <summary>Marker for the commands and queries the target discovery singleton handles.</summary>
public interface IDiscoveryCommand;

/// <summary>
/// Sent by the node on <c>/-/reload</c> (through the singleton proxy) with the newly loaded configuration; the reply is
/// <see cref="ConfigApplied"/> or <see cref="ConfigApplyFailed"/>. Jobs whose configuration changed get new service
/// discovery and settings; unchanged jobs keep theirs (and their targets' scrape caches).
/// </summary>
public sealed record ApplyConfig(PrometheusOptions Options) : IDiscoveryCommand;

/// <summary>Reply to <see cref="ApplyConfig"/>: the configuration is in effect; <paramref name="ChangedJobs"/> were (re)started or removed.</summary>
public sealed record ConfigApplied(ImmutableArray<string> ChangedJobs);

/// <summary>Reply to <see cref="ApplyConfig"/> when it could not be applied; the previous configuration stays.</summary>
public sealed record ConfigApplyFailed(string Reason);

/// <summary>
/// Asks the discovery singleton for what Prometheus's <c>/api/v1/targets</c> shows; the reply is
/// <see cref="TargetsResult"/>. With <paramref name="ScrapePool"/> only that pool's targets are listed.
/// </summary>
public sealed record GetTargets(string? ScrapePool = null) : IDiscoveryCommand;

/// <summary>
/// Reply to <see cref="GetTargets"/>: active and dropped targets, in configuration order, with each pool's count of
/// dropped targets (also those beyond <c>keep_dropped_targets</c>).
/// </summary>
public sealed record TargetsResult(
    ImmutableArray<ActiveTargetInfo> ActiveTargets,
    ImmutableArray<DroppedTargetInfo> DroppedTargets,
    ImmutableDictionary<string, int> DroppedTargetCounts);

/// <summary>One entry of <c>activeTargets</c>, field by field as Prometheus's API names them.</summary>
/// <param name="DiscoveredLabels">Labels before relabeling.</param>
/// <param name="Labels">The target's labels after relabeling.</param>
/// <param name="ScrapePool">The job name.</param>
/// <param name="ScrapeUrl">The URL scraped.</param>
/// <param name="GlobalUrl">The URL with a loopback host replaced by the machine's name.</param>
/// <param name="LastError">The last scrape's error; empty when it succeeded or none ran yet.</param>
/// <param name="LastScrape">When the last scrape ran; null before the first.</param>
/// <param name="LastScrapeDuration">Seconds the last scrape took.</param>
/// <param name="Health">up, down or unknown.</param>
/// <param name="ScrapeInterval">The target's interval as written in its labels (<c>15s</c>).</param>
/// <param name="ScrapeTimeout">The target's timeout as written in its labels.</param>
public sealed record ActiveTargetInfo(
    Labels DiscoveredLabels,
    Labels Labels,
    string ScrapePool,
    string ScrapeUrl,
    string GlobalUrl,
    string LastError,
    DateTimeOffset? LastScrape,
    double LastScrapeDuration,
    TargetHealth Health,
    string ScrapeInterval,
    string ScrapeTimeout);

/// <summary>One entry of <c>droppedTargets</c>: the discovered labels of a target relabeling dropped.</summary>
public sealed record DroppedTargetInfo(Labels DiscoveredLabels, string ScrapePool);

/// <summary>Sent by a service discovery child to the discovery singleton: the complete current groups of one provider.</summary>
internal sealed record TargetGroupsDiscovered(string ProviderKey, ImmutableArray<TargetGroup> Groups);
