using System.Collections.Immutable;
using Scraper.Actors.Configuration;
using Scraper.Node.Configuration.Yaml;

namespace Scraper.Node.Configuration;

internal sealed partial class ConfigParser
{
    /// <summary>Sections Prometheus accepts that have no meaning for an agent like this one; they are read past with a warning.</summary>
    private static readonly string[] IgnoredSections = ["runtime", "storage", "tracing", "otlp"];

    /// <summary>Parses a whole file; null when it has errors (they are in <see cref="Errors"/>).</summary>
    public PrometheusOptions? Parse(YamlNode? root)
    {
        if (root is null)
        {
            return PrometheusOptions.Default;
        }
        if (root is not YamlMapping && root is not YamlScalar { IsNull: true })
        {
            Error(root, $"the configuration must be a mapping, not {root.KindName}");
            return null;
        }
        var top = new MapReader(this, root, string.Empty);

        var global = top.Take("global") is { } g ? ParseGlobal(g) : GlobalOptions.Default;
        global ??= GlobalOptions.Default;

        var scrapeConfigs = ImmutableArray<ScrapeJobOptions>.Empty;
        if (top.Take("scrape_configs") is { } sc)
        {
            scrapeConfigs = ParseScrapeConfigs(sc, global);
        }
        var remoteWrite = ImmutableArray<RemoteWriteOptions>.Empty;
        if (top.Take("remote_write") is { } rw)
        {
            remoteWrite = ParseRemoteWrites(rw);
        }

        RejectInAgentMode(top);
        foreach (var section in IgnoredSections)
        {
            if (top.Take(section) is { } node && node is not YamlScalar { IsNull: true })
            {
                Warning(top.KeyPositionOf(section), $"{section} is ignored by scraper");
            }
        }
        top.Finish(UnsupportedKeys.ForTopLevel);

        if (_errors.Count > 0)
        {
            return null;
        }
        return new PrometheusOptions { Global = global, ScrapeConfigs = scrapeConfigs, RemoteWrite = remoteWrite };
    }

    // Prometheus in agent mode refuses these when they are not empty (config.LoadFile with agentMode).
    private void RejectInAgentMode(MapReader top)
    {
        if (top.Take("rule_files") is { } rules && AsSequence(rules, "rule_files") is { Count: > 0 })
        {
            Error(top.KeyPositionOf("rule_files"), "field rule_files is not allowed in agent mode");
        }
        if (top.Take("remote_read") is { } read && AsSequence(read, "remote_read") is { Count: > 0 })
        {
            Error(top.KeyPositionOf("remote_read"), "field remote_read is not allowed in agent mode");
        }
        if (top.Take("alerting") is { } alerting && OpenMap(alerting, "alerting") is { } m)
        {
            var used = false;
            foreach (var key in (string[])["alertmanagers", "alert_relabel_configs"])
            {
                if (m.Take(key) is { } list && AsSequence(list, m.Sub(key)) is { Count: > 0 })
                {
                    used = true;
                }
            }
            m.Finish();
            if (used)
            {
                Error(top.KeyPositionOf("alerting"), "field alerting is not allowed in agent mode");
            }
        }
    }
}
