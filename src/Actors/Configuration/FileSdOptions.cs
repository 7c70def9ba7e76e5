using System.Collections.Immutable;

namespace Scraper.Actors.Configuration;

/// <summary>One <c>file_sd_config</c>: target groups read from JSON or YAML files.</summary>
public sealed record FileSdOptions
{
    /// <summary>Prometheus's default re-read interval (files are also watched for changes).</summary>
    public static readonly TimeSpan DefaultRefreshInterval = TimeSpan.FromMinutes(5);

    /// <summary>
    /// The <c>files</c> patterns, joined with the configuration file's directory. A pattern may hold one <c>*</c>
    /// in its last path element and ends in <c>.json</c>, <c>.yml</c> or <c>.yaml</c>.
    /// </summary>
    public ImmutableArray<string> Files { get; init; } = [];

    /// <summary><c>refresh_interval</c>.</summary>
    public TimeSpan RefreshInterval { get; init; } = DefaultRefreshInterval;
}
