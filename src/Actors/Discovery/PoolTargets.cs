using System.Collections.Immutable;
using Scraper.Protocol.Model;
using Scraper.Protocol.Targets;

namespace Scraper.Actors.Discovery;

/// <summary>One active target of a scrape pool: its entity id and how its labels were built.</summary>
/// <param name="Id">Entity id (the target hash in hex).</param>
/// <param name="Build">Labels, URL, interval and timeout.</param>
public sealed record ActiveTarget(string Id, TargetBuildResult Build);

/// <summary>
/// A scrape pool's targets after relabeling, as Prometheus's <c>scrapePool.Sync</c> derives them from the pool's
/// target groups: active targets (unique by hash), dropped targets' discovered labels (at most
/// <c>keep_dropped_targets</c>, all counted), targets that could not be built, and the <c>target_limit</c> error.
/// </summary>
public sealed record PoolTargets
{
    /// <summary>The job name.</summary>
    public required string JobName { get; init; }

    /// <summary>Active targets, in discovery order, unique by id.</summary>
    public ImmutableArray<ActiveTarget> Active { get; init; } = [];

    /// <summary>Discovered labels of dropped targets kept for the API.</summary>
    public ImmutableArray<Labels> Dropped { get; init; } = [];

    /// <summary>All dropped targets, kept or not.</summary>
    public int DroppedCount { get; init; }

    /// <summary>Targets discovered (before relabeling), for <c>prometheus_sd_discovered_targets</c>.</summary>
    public int Discovered { get; init; }

    /// <summary>Targets whose labels could not be built: their discovered labels and the reason.</summary>
    public ImmutableArray<(Labels Discovered, string Error)> Failed { get; init; } = [];

    /// <summary>Set when the pool has more active targets than <c>target_limit</c>: all its scrapes fail with it.</summary>
    public string? ForcedError { get; init; }
}
