using System.Collections.Immutable;
using Scraper.Protocol.Model;

namespace Scraper.Actors.Configuration;

/// <summary>
/// The <c>global</c> section: defaults for every scrape config and the external labels added to every series
/// sent by remote write. Limits of 0 mean "no limit"; a scrape config that leaves a limit at 0 inherits it.
/// </summary>
public sealed record GlobalOptions
{
    /// <summary>Prometheus's default scrape interval.</summary>
    public static readonly TimeSpan DefaultScrapeInterval = TimeSpan.FromMinutes(1);

    /// <summary>Prometheus's default scrape timeout (lowered to the interval when the interval is shorter).</summary>
    public static readonly TimeSpan DefaultScrapeTimeout = TimeSpan.FromSeconds(10);

    /// <summary>Prometheus's default rule evaluation interval (accepted, unused by an agent).</summary>
    public static readonly TimeSpan DefaultEvaluationInterval = TimeSpan.FromMinutes(1);

    /// <summary>The defaults of an empty or absent <c>global</c> section.</summary>
    public static GlobalOptions Default { get; } = new();

    /// <summary><c>scrape_interval</c>.</summary>
    public TimeSpan ScrapeInterval { get; init; } = DefaultScrapeInterval;

    /// <summary><c>scrape_timeout</c>, never greater than <see cref="ScrapeInterval"/>.</summary>
    public TimeSpan ScrapeTimeout { get; init; } = DefaultScrapeTimeout;

    /// <summary><c>evaluation_interval</c>: kept so the configuration prints back as written; an agent evaluates no rules.</summary>
    public TimeSpan EvaluationInterval { get; init; } = DefaultEvaluationInterval;

    /// <summary>
    /// <c>scrape_protocols</c> as configured; empty when not set, in which case each scrape config uses
    /// <see cref="ScrapeProtocols.Default"/>.
    /// </summary>
    public ImmutableArray<ScrapeProtocol> ScrapeProtocols { get; init; } = [];

    /// <summary><c>external_labels</c>, with <c>$VAR</c> / <c>${VAR}</c> references already expanded from the environment.</summary>
    public Labels ExternalLabels { get; init; } = Labels.Empty;

    /// <summary><c>body_size_limit</c>; zero for no limit.</summary>
    public ByteSize BodySizeLimit { get; init; }

    /// <summary><c>sample_limit</c>; 0 for no limit.</summary>
    public long SampleLimit { get; init; }

    /// <summary><c>label_limit</c>; 0 for no limit.</summary>
    public long LabelLimit { get; init; }

    /// <summary><c>label_name_length_limit</c>; 0 for no limit.</summary>
    public long LabelNameLengthLimit { get; init; }

    /// <summary><c>label_value_length_limit</c>; 0 for no limit.</summary>
    public long LabelValueLengthLimit { get; init; }

    /// <summary><c>target_limit</c>; 0 for no limit.</summary>
    public long TargetLimit { get; init; }

    /// <summary><c>keep_dropped_targets</c>; 0 for no limit.</summary>
    public long KeepDroppedTargets { get; init; }
}
