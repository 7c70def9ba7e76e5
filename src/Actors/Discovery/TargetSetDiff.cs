using System.Collections.Immutable;
using Scraper.Actors.Scrape;

namespace Scraper.Actors.Discovery;

/// <summary>What the discovery singleton must tell the shard region after a recomputation. Pure.</summary>
/// <param name="Ensure">Targets that are new or whose EnsureTarget changed.</param>
/// <param name="Retire">Ids of targets that disappeared.</param>
public sealed record TargetSetDiff(ImmutableArray<EnsureTarget> Ensure, ImmutableArray<string> Retire)
{
    /// <summary>Compares the targets sent last time with the ones now live.</summary>
    public static TargetSetDiff Compute(IReadOnlyDictionary<string, EnsureTarget> previous, IReadOnlyDictionary<string, EnsureTarget> current)
    {
        ArgumentNullException.ThrowIfNull(previous);
        ArgumentNullException.ThrowIfNull(current);
        var ensure = ImmutableArray.CreateBuilder<EnsureTarget>();
        foreach (var (id, target) in current)
        {
            if (!previous.TryGetValue(id, out var before) || !before.Equals(target))
            {
                ensure.Add(target);
            }
        }
        var retire = ImmutableArray.CreateBuilder<string>();
        foreach (var id in previous.Keys)
        {
            if (!current.ContainsKey(id))
            {
                retire.Add(id);
            }
        }
        return new TargetSetDiff(ensure.ToImmutable(), retire.ToImmutable());
    }
}
