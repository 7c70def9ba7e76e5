using System.Collections.Immutable;
using Scraper.Actors.Scrape;
using Scraper.Protocol.Model;

namespace Scraper.Actors.Discovery;

/// <summary>Assembles the targets API's answer from the pools and the health reported by the nodes. Pure.</summary>
public static class TargetsView
{
    /// <summary>
    /// Merges the nodes' health snapshots. A target is scraped on one node at a time; around a hand-off two nodes may
    /// report it, and the most recent scrape wins.
    /// </summary>
    public static ImmutableDictionary<string, TargetHealthInfo> MergeHealth(IEnumerable<TargetHealthSnapshot?> snapshots)
    {
        ArgumentNullException.ThrowIfNull(snapshots);
        var merged = ImmutableDictionary.CreateBuilder<string, TargetHealthInfo>(StringComparer.Ordinal);
        foreach (var snapshot in snapshots)
        {
            if (snapshot is null)
            {
                continue;
            }
            foreach (var (id, health) in snapshot.Targets)
            {
                if (!merged.TryGetValue(id, out var other) || (health.LastScrape ?? default) > (other.LastScrape ?? default))
                {
                    merged[id] = health;
                }
            }
        }
        return merged.ToImmutable();
    }

    /// <summary>The <see cref="TargetsResult"/> for <paramref name="pools"/> (configuration order), optionally one pool only.</summary>
    public static TargetsResult Build(
        IEnumerable<PoolTargets> pools, IReadOnlyDictionary<string, TargetHealthInfo> health, string hostName, string? scrapePool)
    {
        ArgumentNullException.ThrowIfNull(pools);
        ArgumentNullException.ThrowIfNull(health);
        var active = ImmutableArray.CreateBuilder<ActiveTargetInfo>();
        var dropped = ImmutableArray.CreateBuilder<DroppedTargetInfo>();
        var counts = ImmutableDictionary.CreateBuilder<string, int>(StringComparer.Ordinal);
        foreach (var pool in pools)
        {
            if (scrapePool is not null && !string.Equals(pool.JobName, scrapePool, StringComparison.Ordinal))
            {
                continue;
            }
            counts[pool.JobName] = pool.DroppedCount;
            foreach (var target in pool.Active)
            {
                var b = target.Build;
                health.TryGetValue(target.Id, out var h);
                active.Add(new ActiveTargetInfo(
                    b.DiscoveredLabels,
                    b.Labels,
                    pool.JobName,
                    b.ScrapeUrl,
                    GlobalUrl.From(b.ScrapeUrl, hostName),
                    h?.LastError ?? string.Empty,
                    h?.LastScrape,
                    h?.LastScrapeDuration.TotalSeconds ?? 0,
                    h?.Health ?? TargetHealth.Unknown,
                    b.FullLabels.Get(LabelNames.ScrapeInterval),
                    b.FullLabels.Get(LabelNames.ScrapeTimeout)));
            }
            foreach (var labels in pool.Dropped)
            {
                dropped.Add(new DroppedTargetInfo(labels, pool.JobName));
            }
        }
        return new TargetsResult(active.ToImmutable(), dropped.ToImmutable(), counts.ToImmutable());
    }
}
