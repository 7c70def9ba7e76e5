using System.Collections.Immutable;
using Scraper.Protocol.Model;
using Scraper.Protocol.Relabel;

namespace Scraper.Protocol.Targets;

/// <summary>
/// Builds a target from its discovered labels as Prometheus 2.42 does (scrape/target.go PopulateLabels and
/// Target.URL). Pure: the scrape config's values come in as parameters.
/// </summary>
public static class TargetLabelBuilder
{
    /// <summary>
    /// A target's labels from discovery: the target's own labels, then the group's labels it does not
    /// already have (Prometheus's TargetsFromGroup).
    /// </summary>
    public static Labels MergeGroupLabels(Labels targetLabels, Labels groupLabels)
    {
        ArgumentNullException.ThrowIfNull(targetLabels);
        ArgumentNullException.ThrowIfNull(groupLabels);
        if (groupLabels.Count == 0)
        {
            return targetLabels;
        }
        var b = groupLabels.ToBuilder();
        foreach (var l in targetLabels.AsSpan())
        {
            b.Set(l.Name, l.Value);
        }
        return b.ToLabels();
    }

    /// <summary>
    /// Prometheus's PopulateLabels: adds the scrape config's defaults (<c>job</c>, <c>__scheme__</c>,
    /// <c>__metrics_path__</c>, <c>__scrape_interval__</c>, <c>__scrape_timeout__</c> unless already set;
    /// <c>__param_&lt;name&gt;</c> for each parameter's first value, always, as 2.42 does), applies
    /// <paramref name="relabelConfigs"/>, then checks and completes the result: an address is required and
    /// gets the scheme's default port, interval and timeout must parse, be non-zero and timeout &lt;= interval,
    /// <c>__meta_*</c> labels go, <c>instance</c> defaults to the address, and label values must be valid UTF-8.
    /// </summary>
    /// <param name="discovered">The target's labels from discovery (see <see cref="MergeGroupLabels"/>).</param>
    /// <param name="jobName">The scrape config's job_name.</param>
    /// <param name="scheme">The scrape config's scheme (http or https).</param>
    /// <param name="metricsPath">The scrape config's metrics_path.</param>
    /// <param name="scrapeInterval">The scrape config's scrape_interval.</param>
    /// <param name="scrapeTimeout">The scrape config's scrape_timeout.</param>
    /// <param name="parameters">The scrape config's params; may be null.</param>
    /// <param name="relabelConfigs">The scrape config's relabel_configs, validated.</param>
    public static TargetBuildResult PopulateLabels(
        Labels discovered,
        string jobName,
        string scheme,
        string metricsPath,
        TimeSpan scrapeInterval,
        TimeSpan scrapeTimeout,
        IReadOnlyDictionary<string, ImmutableArray<string>>? parameters,
        ReadOnlySpan<RelabelConfig> relabelConfigs)
    {
        ArgumentNullException.ThrowIfNull(discovered);
        ArgumentNullException.ThrowIfNull(jobName);
        ArgumentNullException.ThrowIfNull(scheme);
        ArgumentNullException.ThrowIfNull(metricsPath);

        var lb = discovered.ToBuilder();
        SetDefault(lb, discovered, LabelNames.Job, jobName);
        SetDefault(lb, discovered, LabelNames.ScrapeInterval, PrometheusDuration.Format(scrapeInterval));
        SetDefault(lb, discovered, LabelNames.ScrapeTimeout, PrometheusDuration.Format(scrapeTimeout));
        SetDefault(lb, discovered, LabelNames.MetricsPath, metricsPath);
        SetDefault(lb, discovered, LabelNames.Scheme, scheme);
        if (parameters is not null)
        {
            foreach (var (name, values) in parameters)
            {
                // 2.42 overwrites a discovered __param_ label with the config's value (seen on the real binary).
                if (!values.IsDefaultOrEmpty)
                {
                    lb.Set(LabelNames.ParamPrefix + name, values[0]);
                }
            }
        }
        var preRelabel = lb.ToLabels();

        if (!Relabeler.Process(lb, relabelConfigs))
        {
            return new TargetBuildResult { Status = TargetBuildStatus.Dropped, DiscoveredLabels = preRelabel };
        }
        var relabeled = lb.ToLabels();

        var address = relabeled.Get(LabelNames.Address);
        if (address.Length == 0)
        {
            return Failed(preRelabel, "no address");
        }
        if (!GoUrl.CanSplitHostPort(address) && GoUrl.CanSplitHostPort(address + ":1234"))
        {
            // No port, and adding one makes a valid host:port (an invalid address gets none).
            switch (relabeled.Get(LabelNames.Scheme))
            {
                case "http" or "":
                    address += ":80";
                    break;
                case "https":
                    address += ":443";
                    break;
                default:
                    // 2.42 names the scrape config's scheme here, not the label's.
                    return Failed(preRelabel, "invalid scheme: " + GoQuote.Quote(scheme));
            }
            lb.Set(LabelNames.Address, address);
        }
        if (address.Contains('/', StringComparison.Ordinal))
        {
            return Failed(preRelabel, GoQuote.Quote(address) + " is not a valid hostname");
        }

        var intervalText = relabeled.Get(LabelNames.ScrapeInterval);
        if (!PrometheusDuration.TryParse(intervalText, out var interval, out var intervalError))
        {
            return Failed(preRelabel, "error parsing scrape interval: " + intervalError);
        }
        if (interval == TimeSpan.Zero)
        {
            return Failed(preRelabel, "scrape interval cannot be 0");
        }
        var timeoutText = relabeled.Get(LabelNames.ScrapeTimeout);
        if (!PrometheusDuration.TryParse(timeoutText, out var timeout, out var timeoutError))
        {
            return Failed(preRelabel, "error parsing scrape timeout: " + timeoutError);
        }
        if (timeout == TimeSpan.Zero)
        {
            return Failed(preRelabel, "scrape timeout cannot be 0");
        }
        if (timeout > interval)
        {
            return Failed(preRelabel, $"scrape timeout cannot be greater than scrape interval ({GoQuote.Quote(timeoutText)} > {GoQuote.Quote(intervalText)})");
        }

        // Meta labels go after relabeling; the other internal labels stay with the target.
        foreach (var l in relabeled.AsSpan())
        {
            if (l.Name.StartsWith(LabelNames.MetaPrefix, StringComparison.Ordinal))
            {
                lb.Del(l.Name);
            }
        }
        if (relabeled.Get(LabelNames.Instance).Length == 0)
        {
            lb.Set(LabelNames.Instance, address);
        }
        var full = lb.ToLabels();

        foreach (var l in full.AsSpan())
        {
            if (!IsValidUtf16(l.Value))
            {
                return Failed(preRelabel, $"invalid label value for {GoQuote.Quote(l.Name)}: {GoQuote.Quote(l.Value)}");
            }
        }
        var publicLabels = WithoutReserved(full);
        foreach (var l in publicLabels.AsSpan())
        {
            // Prometheus 2.42 keeps such a target and then fails every scrape with "invalid metric name or
            // label names"; saying so once, here, names the label and scrapes nothing that cannot be stored.
            if (!LabelNames.IsValidLegacyName(l.Name))
            {
                return Failed(preRelabel, "invalid label name " + GoQuote.Quote(l.Name));
            }
        }

        return new TargetBuildResult
        {
            Status = TargetBuildStatus.Ok,
            Labels = publicLabels,
            FullLabels = full,
            DiscoveredLabels = preRelabel,
            ScrapeUrl = ScrapeUrl(full, parameters),
            ScrapeInterval = interval,
            ScrapeTimeout = timeout,
        };
    }

    /// <summary>
    /// Prometheus's Target.URL(): <c>__scheme__://__address__/__metrics_path__?query</c>, where the query is
    /// the scrape config's params with each <c>__param_&lt;name&gt;</c> label replacing that param's first
    /// value (or adding it), keys sorted and escaped as Go's url.Values.Encode does.
    /// </summary>
    public static string ScrapeUrl(Labels fullLabels, IReadOnlyDictionary<string, ImmutableArray<string>>? parameters)
    {
        ArgumentNullException.ThrowIfNull(fullLabels);
        var query = new SortedDictionary<string, ImmutableArray<string>>(GoUrl.ByteOrder);
        if (parameters is not null)
        {
            foreach (var (name, values) in parameters)
            {
                query[name] = values.IsDefault ? [] : values;
            }
        }
        foreach (var l in fullLabels.AsSpan())
        {
            if (!l.Name.StartsWith(LabelNames.ParamPrefix, StringComparison.Ordinal))
            {
                continue;
            }
            var name = l.Name[LabelNames.ParamPrefix.Length..];
            query[name] = query.TryGetValue(name, out var values) && values.Length > 0
                ? values.SetItem(0, l.Value)
                : [l.Value];
        }
        return GoUrl.Build(
            fullLabels.Get(LabelNames.Scheme),
            fullLabels.Get(LabelNames.Address),
            fullLabels.Get(LabelNames.MetricsPath),
            GoUrl.EncodeQuery(query));
    }

    private static void SetDefault(LabelsBuilder lb, Labels discovered, string name, string value)
    {
        if (discovered.Get(name).Length == 0)
        {
            lb.Set(name, value);
        }
    }

    private static TargetBuildResult Failed(Labels discovered, string error) =>
        new() { Status = TargetBuildStatus.Error, DiscoveredLabels = discovered, Error = error };

    private static Labels WithoutReserved(Labels full)
    {
        var span = full.AsSpan();
        var keep = 0;
        foreach (var l in span)
        {
            if (!l.Name.StartsWith(LabelNames.ReservedPrefix, StringComparison.Ordinal))
            {
                keep++;
            }
        }
        var result = new Label[keep];
        var n = 0;
        foreach (var l in span)
        {
            if (!l.Name.StartsWith(LabelNames.ReservedPrefix, StringComparison.Ordinal))
            {
                result[n++] = l;
            }
        }
        return Labels.FromSortedUnchecked(result);
    }

    /// <summary>The UTF-16 counterpart of Go's utf8.ValidString: no unpaired surrogate.</summary>
    private static bool IsValidUtf16(string s)
    {
        for (var i = 0; i < s.Length; i++)
        {
            var c = s[i];
            if (char.IsHighSurrogate(c) && i + 1 < s.Length && char.IsLowSurrogate(s[i + 1]))
            {
                i++;
            }
            else if (char.IsSurrogate(c))
            {
                return false;
            }
        }
        return true;
    }
}
