using System.Collections.Immutable;
using Scraper.Protocol.Model;
using Scraper.Protocol.Relabel;

namespace Scraper.Actors.Scrape;

/// <summary>What decides a target's final series labels and which samples a scrape accepts.</summary>
internal sealed record ScrapeTargetConfig
{
    /// <summary>The target's public labels (job, instance, ...), attached to every series.</summary>
    public required Labels TargetLabels { get; init; }

    /// <summary><c>honor_labels</c>.</summary>
    public bool HonorLabels { get; init; }

    /// <summary><c>honor_timestamps</c>.</summary>
    public bool HonorTimestamps { get; init; } = true;

    /// <summary><c>track_timestamps_staleness</c>.</summary>
    public bool TrackTimestampsStaleness { get; init; }

    /// <summary><c>metric_relabel_configs</c>.</summary>
    public ImmutableArray<RelabelConfig> MetricRelabelConfigs { get; init; } = [];

    /// <summary><c>sample_limit</c>; 0 for none.</summary>
    public long SampleLimit { get; init; }

    /// <summary>The label limits.</summary>
    public LabelLimits LabelLimits { get; init; }
}
