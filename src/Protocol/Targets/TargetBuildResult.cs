using Scraper.Protocol.Model;

namespace Scraper.Protocol.Targets;

/// <summary>
/// The outcome of <see cref="TargetLabelBuilder.PopulateLabels"/> for one discovered target. The label sets
/// mirror what Prometheus keeps: <see cref="Labels"/> is <c>Target.Labels()</c>, <see cref="FullLabels"/> is
/// the target's whole label set (<c>__address__</c>, <c>__scheme__</c>, <c>__param_*</c> ... included),
/// <see cref="DiscoveredLabels"/> is <c>Target.DiscoveredLabels()</c>.
/// </summary>
public sealed record TargetBuildResult
{
    /// <summary>Ok, dropped by relabeling, or rejected with <see cref="Error"/>.</summary>
    public required TargetBuildStatus Status { get; init; }

    /// <summary>The public target labels (no <c>__</c> prefix), attached to every scraped series. Empty unless Ok.</summary>
    public Labels Labels { get; init; } = Labels.Empty;

    /// <summary>
    /// Every label after relabeling except <c>__meta_*</c>: the public ones plus <c>__address__</c> (with the
    /// default port), <c>__scheme__</c>, <c>__metrics_path__</c>, <c>__scrape_interval__</c>,
    /// <c>__scrape_timeout__</c>, <c>__param_*</c> and any other <c>__</c> label the rules left. Empty unless Ok.
    /// </summary>
    public Labels FullLabels { get; init; } = Labels.Empty;

    /// <summary>The labels before relabeling, with the scrape config's defaults added; what the targets API shows.</summary>
    public Labels DiscoveredLabels { get; init; } = Labels.Empty;

    /// <summary>Why the target was rejected, in Prometheus's words; null unless <see cref="TargetBuildStatus.Error"/>.</summary>
    public string? Error { get; init; }

    /// <summary>The URL to scrape, as Prometheus's <c>Target.URL().String()</c>; empty unless Ok.</summary>
    public string ScrapeUrl { get; init; } = string.Empty;

    /// <summary>The target's scrape interval, from <c>__scrape_interval__</c>; zero unless Ok.</summary>
    public TimeSpan ScrapeInterval { get; init; }

    /// <summary>The target's scrape timeout, from <c>__scrape_timeout__</c>; zero unless Ok.</summary>
    public TimeSpan ScrapeTimeout { get; init; }
}
