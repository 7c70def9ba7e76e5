using System.Collections.Immutable;
using Scraper.Actors.Configuration;

namespace Scraper.Node.Configuration;

/// <summary>
/// What loading a configuration file produced: the options when it is valid, and every error and warning
/// found (loading does not stop at the first mistake).
/// </summary>
public sealed record ConfigLoadResult
{
    /// <summary>The loaded configuration; null when there are errors.</summary>
    public PrometheusOptions? Options { get; init; }

    /// <summary>Every mistake, in file order.</summary>
    public ImmutableArray<ConfigError> Errors { get; init; } = [];

    /// <summary>Remarks that do not make the file invalid (ignored settings, file_sd patterns matching no file).</summary>
    public ImmutableArray<ConfigError> Warnings { get; init; } = [];

    /// <summary>True when the file loaded without errors.</summary>
    public bool IsValid => Errors.IsEmpty && Options is not null;
}
