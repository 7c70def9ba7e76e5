using System.Collections.Immutable;
using Scraper.Actors.Configuration;
using Scraper.Node.Configuration.Yaml;
using Scraper.Protocol.Model;

namespace Scraper.Node.Configuration;

internal sealed partial class ConfigParser
{
    private const long MaxLimit = long.MaxValue;

    private GlobalOptions? ParseGlobal(YamlNode node)
    {
        if (OpenMap(node, "global") is not { } m)
        {
            return null;
        }
        var interval = m.Duration("scrape_interval") ?? TimeSpan.Zero;
        var timeout = m.Duration("scrape_timeout") ?? TimeSpan.Zero;
        var evaluation = m.Duration("evaluation_interval") ?? TimeSpan.Zero;
        var protocols = m.Take("scrape_protocols") is { } p ? ParseScrapeProtocols(p, m.Sub("scrape_protocols"), "global config") : [];
        var externalLabels = m.Take("external_labels") is { } el ? ParseExternalLabels(el) : Labels.Empty;
        var global = new GlobalOptions
        {
            ScrapeProtocols = protocols,
            ExternalLabels = externalLabels,
            BodySizeLimit = m.Size("body_size_limit") ?? ByteSize.Zero,
            SampleLimit = m.Integer("sample_limit", 0, MaxLimit) ?? 0,
            LabelLimit = m.Integer("label_limit", 0, MaxLimit) ?? 0,
            LabelNameLengthLimit = m.Integer("label_name_length_limit", 0, MaxLimit) ?? 0,
            LabelValueLengthLimit = m.Integer("label_value_length_limit", 0, MaxLimit) ?? 0,
            TargetLimit = m.Integer("target_limit", 0, MaxLimit) ?? 0,
            KeepDroppedTargets = m.Integer("keep_dropped_targets", 0, MaxLimit) ?? 0,
        };
        foreach (var ignored in (string[])["query_log_file", "rule_query_offset"])
        {
            if (m.Take(ignored) is not null)
            {
                Warning(m.KeyPositionOf(ignored), $"global.{ignored} is ignored by scraper");
            }
        }
        m.Finish(UnsupportedKeys.ForGlobal);

        // Set the interval first, then check the (explicit or inferred) timeout against it, as Prometheus does.
        if (interval == TimeSpan.Zero)
        {
            interval = GlobalOptions.DefaultScrapeInterval;
        }
        if (timeout > interval)
        {
            Error(m.PositionOf("scrape_timeout"), "global scrape timeout greater than scrape interval");
        }
        if (timeout == TimeSpan.Zero)
        {
            timeout = GlobalOptions.DefaultScrapeTimeout < interval ? GlobalOptions.DefaultScrapeTimeout : interval;
        }
        if (evaluation == TimeSpan.Zero)
        {
            evaluation = GlobalOptions.DefaultEvaluationInterval;
        }
        return global with { ScrapeInterval = interval, ScrapeTimeout = timeout, EvaluationInterval = evaluation };
    }

    private Labels ParseExternalLabels(YamlNode node)
    {
        if (AsStringMap(node, "global.external_labels") is not { } entries)
        {
            return Labels.Empty;
        }
        var builder = new LabelsBuilder();
        foreach (var (name, keyNode, value, valueNode) in entries)
        {
            if (!LabelNames.IsValidLegacyName(name))
            {
                Error(keyNode, $"\"{name}\" is not a valid label name");
                continue;
            }
            var expanded = EnvironmentExpander.Expand(value, _options.GetEnvironmentVariable,
                variable => Warning(valueNode, $"external label {name}: environment variable {variable} is empty or not set"));
            builder.Set(name, expanded);
        }
        return builder.ToLabels();
    }

    private ImmutableArray<ScrapeProtocol> ParseScrapeProtocols(YamlNode node, string path, string owner)
    {
        if (AsStringList(node, path) is not { } names)
        {
            return [];
        }
        if (names.Count == 0)
        {
            Error(node, $"scrape_protocols cannot be empty for {owner}");
            return [];
        }
        var result = ImmutableArray.CreateBuilder<ScrapeProtocol>(names.Count);
        var seen = new HashSet<string>(StringComparer.OrdinalIgnoreCase);
        foreach (var (name, item) in names)
        {
            if (!seen.Add(name))
            {
                Error(item, $"duplicated protocol in scrape_protocols, got {name} twice, for {owner}");
                continue;
            }
            if (!ScrapeProtocols.TryParse(name, out var protocol))
            {
                Error(item, $"scrape_protocols: unknown scrape protocol {name}, supported: [OpenMetricsText0.0.1 OpenMetricsText1.0.0 PrometheusProto PrometheusText0.0.4 PrometheusText1.0.0] for {owner}");
                continue;
            }
            result.Add(protocol.Value);
        }
        return result.ToImmutable();
    }
}
