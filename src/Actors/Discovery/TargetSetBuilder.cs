using System.Collections.Immutable;
using Scraper.Actors.Configuration;
using Scraper.Actors.Scrape;
using Scraper.Protocol.Model;
using Scraper.Protocol.Targets;

namespace Scraper.Actors.Discovery;

/// <summary>Builds a scrape pool's targets from its discovered groups (Prometheus's <c>TargetsFromGroup</c> and <c>Sync</c>). Pure.</summary>
public static class TargetSetBuilder
{
    /// <summary>The targets of <paramref name="job"/> from <paramref name="groups"/> (in a stable order).</summary>
    public static PoolTargets Build(ScrapeJobOptions job, IEnumerable<TargetGroup> groups)
    {
        ArgumentNullException.ThrowIfNull(job);
        ArgumentNullException.ThrowIfNull(groups);
        var active = ImmutableArray.CreateBuilder<ActiveTarget>();
        var seen = new HashSet<string>(StringComparer.Ordinal);
        var dropped = ImmutableArray.CreateBuilder<Labels>();
        var failed = ImmutableArray.CreateBuilder<(Labels, string)>();
        int droppedCount = 0, discovered = 0;
        foreach (var group in groups)
        {
            foreach (var target in group.Targets)
            {
                discovered++;
                var labels = TargetLabelBuilder.MergeGroupLabels(target, group.Labels);
                var build = TargetLabelBuilder.PopulateLabels(
                    labels, job.JobName, job.Scheme, job.MetricsPath, job.ScrapeInterval, job.ScrapeTimeout, job.Params,
                    job.RelabelConfigs.AsSpan());
                switch (build.Status)
                {
                    case TargetBuildStatus.Ok:
                        var id = TargetIdentity.EntityId(build.FullLabels, build.ScrapeUrl);
                        if (seen.Add(id))
                        {
                            active.Add(new ActiveTarget(id, build));
                        }
                        break;
                    case TargetBuildStatus.Dropped:
                        if (job.KeepDroppedTargets <= 0 || dropped.Count < job.KeepDroppedTargets)
                        {
                            dropped.Add(build.DiscoveredLabels);
                        }
                        droppedCount++;
                        break;
                    default:
                        failed.Add((build.DiscoveredLabels, build.Error ?? "invalid target"));
                        break;
                }
            }
        }
        string? forced = null;
        if (job.TargetLimit > 0 && active.Count > job.TargetLimit)
        {
            forced = $"target_limit exceeded (number of targets: {active.Count}, limit: {job.TargetLimit})";
        }
        return new PoolTargets
        {
            JobName = job.JobName,
            Active = active.ToImmutable(),
            Dropped = dropped.ToImmutable(),
            DroppedCount = droppedCount,
            Discovered = discovered,
            Failed = failed.ToImmutable(),
            ForcedError = forced,
        };
    }

    /// <summary>The static_configs of <paramref name="job"/> as target groups (source = index, as in Prometheus).</summary>
    public static ImmutableArray<TargetGroup> StaticGroups(ScrapeJobOptions job)
    {
        ArgumentNullException.ThrowIfNull(job);
        var result = ImmutableArray.CreateBuilder<TargetGroup>(job.StaticConfigs.Length);
        for (var i = 0; i < job.StaticConfigs.Length; i++)
        {
            var g = job.StaticConfigs[i];
            var targets = g.Targets.Select(t => Labels.FromStrings(LabelNames.Address, t)).ToImmutableArray();
            result.Add(new TargetGroup(i.ToString(System.Globalization.CultureInfo.InvariantCulture), targets, g.Labels));
        }
        return result.MoveToImmutable();
    }
}
