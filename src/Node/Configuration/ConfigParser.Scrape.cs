using System.Collections.Immutable;
using Scraper.Actors.Configuration;
using Scraper.Node.Configuration.Yaml;
using Scraper.Protocol.Model;

namespace Scraper.Node.Configuration;

internal sealed partial class ConfigParser
{
    private ImmutableArray<ScrapeJobOptions> ParseScrapeConfigs(YamlNode node, GlobalOptions global)
    {
        if (AsSequence(node, "scrape_configs") is not { } items)
        {
            return [];
        }
        var result = ImmutableArray.CreateBuilder<ScrapeJobOptions>(items.Count);
        var jobs = new Dictionary<string, YamlNode>(StringComparer.Ordinal);
        for (var i = 0; i < items.Count; i++)
        {
            var path = $"scrape_configs[{i}]";
            if (items[i] is YamlScalar { IsNull: true })
            {
                Error(items[i], $"{path}: empty or null scrape config section");
                continue;
            }
            if (ParseScrapeConfig(items[i], path, global, out var jobNode) is not { } job)
            {
                continue;
            }
            if (job.JobName.Length > 0 && !jobs.TryAdd(job.JobName, jobNode))
            {
                Error(jobNode, $"found multiple scrape configs with job name \"{job.JobName}\" (first at line {jobs[job.JobName].Line})");
                continue;
            }
            result.Add(job);
        }
        return result.ToImmutable();
    }

    private ScrapeJobOptions? ParseScrapeConfig(YamlNode node, string path, GlobalOptions global, out YamlNode jobNode)
    {
        jobNode = node;
        if (OpenMap(node, path) is not { } m)
        {
            return null;
        }
        var jobName = m.String("job_name") ?? string.Empty;
        jobNode = m.PositionOf("job_name");
        if (jobName.Length == 0)
        {
            Error(m.Has("job_name") ? jobNode : node, $"{path}: job_name is empty");
        }
        var owner = $"scrape config with job name \"{jobName}\"";

        var interval = m.Duration("scrape_interval") ?? TimeSpan.Zero;
        var timeout = m.Duration("scrape_timeout") ?? TimeSpan.Zero;
        var protocols = m.Take("scrape_protocols") is { } p ? ParseScrapeProtocols(p, m.Sub("scrape_protocols"), owner) : [];
        var scheme = m.String("scheme") is { Length: > 0 } s ? s : ScrapeJobOptions.DefaultScheme;
        var job = new ScrapeJobOptions
        {
            JobName = jobName,
            HonorLabels = m.Bool("honor_labels") ?? false,
            HonorTimestamps = m.Bool("honor_timestamps") ?? true,
            TrackTimestampsStaleness = m.Bool("track_timestamps_staleness") ?? false,
            Params = m.Take("params") is { } pr ? ParseParams(pr, m.Sub("params")) : ImmutableDictionary<string, ImmutableArray<string>>.Empty,
            MetricsPath = m.String("metrics_path") is { Length: > 0 } mp ? mp : ScrapeJobOptions.DefaultMetricsPath,
            Scheme = scheme,
            EnableCompression = m.Bool("enable_compression") ?? true,
            BodySizeLimit = m.Size("body_size_limit") ?? ByteSize.Zero,
            SampleLimit = m.Integer("sample_limit", 0, MaxLimit) ?? 0,
            TargetLimit = m.Integer("target_limit", 0, MaxLimit) ?? 0,
            LabelLimit = m.Integer("label_limit", 0, MaxLimit) ?? 0,
            LabelNameLengthLimit = m.Integer("label_name_length_limit", 0, MaxLimit) ?? 0,
            LabelValueLengthLimit = m.Integer("label_value_length_limit", 0, MaxLimit) ?? 0,
            KeepDroppedTargets = m.Integer("keep_dropped_targets", 0, MaxLimit) ?? 0,
            HttpClient = ParseHttpClient(m, HttpClientOptions.Default),
            StaticConfigs = m.Take("static_configs") is { } st ? ParseStaticConfigs(st, m.Sub("static_configs")) : [],
            FileSdConfigs = m.Take("file_sd_configs") is { } f ? ParseFileSdConfigs(f, m.Sub("file_sd_configs"), jobName) : [],
            HttpSdConfigs = m.Take("http_sd_configs") is { } h ? ParseHttpSdConfigs(h, m.Sub("http_sd_configs")) : [],
            DnsSdConfigs = m.Take("dns_sd_configs") is { } d ? ParseDnsSdConfigs(d, m.Sub("dns_sd_configs")) : [],
            RelabelConfigs = m.Take("relabel_configs") is { } r
                ? ParseRelabelConfigs(r, m.Sub("relabel_configs"), "empty or null target relabeling rule in scrape config")
                : [],
            MetricRelabelConfigs = m.Take("metric_relabel_configs") is { } mr
                ? ParseRelabelConfigs(mr, m.Sub("metric_relabel_configs"), "empty or null metric relabeling rule in scrape config")
                : [],
        };
        m.Finish(UnsupportedKeys.ForScrapeConfig);

        if (scheme is not ("http" or "https"))
        {
            Error(m.PositionOf("scheme"), $"invalid scheme \"{scheme}\" for {owner}: must be http or https");
        }

        // Without relabeling, a static target is scraped at exactly the address written, so check it now
        // (with relabeling the address may legitimately be a URL that a rule moves into a parameter).
        if (job.RelabelConfigs.IsEmpty)
        {
            CheckStaticTargets(m);
        }

        // First the interval, then the explicit or inferred timeout against it (ScrapeConfig.Validate).
        if (interval == TimeSpan.Zero)
        {
            interval = global.ScrapeInterval;
        }
        if (timeout > interval)
        {
            Error(m.PositionOf("scrape_timeout"), $"scrape timeout greater than scrape interval for {owner}");
        }
        if (timeout == TimeSpan.Zero)
        {
            timeout = global.ScrapeTimeout < interval ? global.ScrapeTimeout : interval;
        }
        return job with
        {
            ScrapeInterval = interval,
            ScrapeTimeout = timeout,
            ScrapeProtocols = !protocols.IsDefaultOrEmpty ? protocols
                : !global.ScrapeProtocols.IsDefaultOrEmpty ? global.ScrapeProtocols
                : ScrapeProtocols.Default,
            BodySizeLimit = job.BodySizeLimit.Bytes == 0 ? global.BodySizeLimit : job.BodySizeLimit,
            SampleLimit = job.SampleLimit == 0 ? global.SampleLimit : job.SampleLimit,
            TargetLimit = job.TargetLimit == 0 ? global.TargetLimit : job.TargetLimit,
            LabelLimit = job.LabelLimit == 0 ? global.LabelLimit : job.LabelLimit,
            LabelNameLengthLimit = job.LabelNameLengthLimit == 0 ? global.LabelNameLengthLimit : job.LabelNameLengthLimit,
            LabelValueLengthLimit = job.LabelValueLengthLimit == 0 ? global.LabelValueLengthLimit : job.LabelValueLengthLimit,
            KeepDroppedTargets = job.KeepDroppedTargets == 0 ? global.KeepDroppedTargets : job.KeepDroppedTargets,
        };
    }

    private ImmutableDictionary<string, ImmutableArray<string>> ParseParams(YamlNode node, string path)
    {
        var result = ImmutableDictionary.CreateBuilder<string, ImmutableArray<string>>(StringComparer.Ordinal);
        if (OpenMap(node, path) is not { } m || node is not YamlMapping map)
        {
            return result.ToImmutable();
        }
        foreach (var entry in map.Entries)
        {
            if (entry.Key is not { } key || result.ContainsKey(key))
            {
                continue;
            }
            if (m.StringList(key) is { } values)
            {
                result[key] = [.. values.Select(v => v.Value)];
            }
        }
        m.Finish();
        return result.ToImmutable();
    }

    private ImmutableArray<StaticTargetGroup> ParseStaticConfigs(YamlNode node, string path)
    {
        if (AsSequence(node, path) is not { } items)
        {
            return [];
        }
        var result = ImmutableArray.CreateBuilder<StaticTargetGroup>(items.Count);
        for (var i = 0; i < items.Count; i++)
        {
            var itemPath = $"{path}[{i}]";
            if (items[i] is YamlScalar { IsNull: true })
            {
                Error(items[i], $"{itemPath}: empty or null static config");
                continue;
            }
            if (OpenMap(items[i], itemPath) is not { } m)
            {
                continue;
            }
            var targets = m.StringList("targets") ?? [];
            var labels = m.Take("labels") is { } l ? ParseLabelSet(l, m.Sub("labels")) : Labels.Empty;
            m.Finish();
            result.Add(new StaticTargetGroup { Targets = [.. targets.Select(t => t.Value)], Labels = labels });
        }
        return result.ToImmutable();
    }

    private void CheckStaticTargets(MapReader scrapeConfig)
    {
        if (scrapeConfig.PositionOf("static_configs") is not YamlSequence groups)
        {
            return;
        }
        for (var g = 0; g < groups.Items.Count; g++)
        {
            if (groups.Items[g] is not YamlMapping group)
            {
                continue;
            }
            foreach (var entry in group.Entries)
            {
                if (entry.Key != "targets" || entry.Value is not YamlSequence targets)
                {
                    continue;
                }
                for (var t = 0; t < targets.Items.Count; t++)
                {
                    if (targets.Items[t] is YamlScalar target
                        && !TargetAddress.IsValid(target.IsNull ? string.Empty : target.Value, out var error))
                    {
                        Error(target, $"{scrapeConfig.Path}.static_configs[{g}].targets[{t}]: {error}");
                    }
                }
                break;
            }
        }
    }

    /// <summary>A label set (static config labels): names must be valid label names, null values are empty.</summary>
    private Labels ParseLabelSet(YamlNode node, string path)
    {
        if (AsStringMap(node, path) is not { } entries)
        {
            return Labels.Empty;
        }
        var builder = new LabelsBuilder();
        foreach (var (name, keyNode, value, _) in entries)
        {
            if (!LabelNames.IsValidLegacyName(name))
            {
                Error(keyNode, $"\"{name}\" is not a valid label name");
                continue;
            }
            builder.Set(name, value);
        }
        return builder.ToLabels();
    }
}
