using Akka.Cluster.Sharding;

namespace Scraper.Actors.Scrape;

/// <summary>Routes <see cref="IWithTargetId"/> messages to scrape target entities.</summary>
public sealed class ScrapeTargetMessageExtractor : HashCodeMessageExtractor
{
    /// <summary>
    /// Shards in the target region, fixed for the life of a cluster (changing it re-homes every target). About ten
    /// times the largest node count we plan for, so shards spread evenly and a rebalance moves small slices (a few
    /// per cent of the targets) at a time; with 1,000 targets a shard holds about ten.
    /// </summary>
    public const int MaxShards = 100;

    /// <summary>An extractor with <see cref="MaxShards"/> shards.</summary>
    public ScrapeTargetMessageExtractor()
        : base(MaxShards)
    {
    }

    /// <inheritdoc/>
    public override string? EntityId(object message) => message switch
    {
        IWithTargetId m => m.TargetId,
        _ => null,
    };
}
