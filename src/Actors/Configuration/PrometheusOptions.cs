using System.Collections.Immutable;

namespace Scraper.Actors.Configuration;

/// <summary>
/// A loaded and validated <c>prometheus.yml</c>: the subset of Prometheus's configuration an agent uses,
/// with every default filled in. Immutable; a reload produces a new instance.
/// </summary>
public sealed record PrometheusOptions
{
    /// <summary>The configuration of an empty file.</summary>
    public static PrometheusOptions Default { get; } = new();

    /// <summary>The <c>global</c> section.</summary>
    public GlobalOptions Global { get; init; } = GlobalOptions.Default;

    /// <summary><c>scrape_configs</c>, in file order; job names are unique.</summary>
    public ImmutableArray<ScrapeJobOptions> ScrapeConfigs { get; init; } = [];

    /// <summary><c>remote_write</c>, in file order; configured names are unique.</summary>
    public ImmutableArray<RemoteWriteOptions> RemoteWrite { get; init; } = [];
}
