using System.Collections.Immutable;
using System.Globalization;
using System.Text;
using System.Text.Json;
using System.Text.RegularExpressions;
using Scraper.Protocol.Model;
using Scraper.Protocol.Relabel;
using Scraper.Protocol.Targets;
using Scraper.TestSupport;
using static Scraper.Protocol.Tests.Relabel.Rule;

namespace Scraper.Protocol.Tests.Targets;

/// <summary>
/// Runs every scenario through our target builder and through the real Prometheus 2.42 (one scrape config
/// per scenario, read back from /api/v1/targets and its "Creating target failed" log lines) and compares:
/// active or dropped or rejected, the public labels, the scrape URL, interval and timeout, the error text.
/// </summary>
[Trait("Category", "RealPeer")]
public class PrometheusComparisonTests
{
    private sealed record Scenario(
        string Name,
        string Address,
        string[] Labels,
        RelabelConfig[] Rules,
        string Scheme = "http",
        string Path = "/metrics",
        string Interval = "1h",
        string Timeout = "10s",
        Dictionary<string, ImmutableArray<string>>? Params = null);

    private static Scenario[] Scenarios() =>
    [
        new("plain", "127.0.0.1:10001", ["team", "infra", "__meta_x", "m"], []),
        new("noport", "noport.invalid", [], []),
        new("https-noport", "secure.invalid", [], [], Scheme: "https"),
        new("ipv6", "[::1]", [], []),
        new("ipv6-bare", "::1", [], []),
        new("ipv6-zone", "[fe80::1%eth0]", [], []),
        new("emptyport", "emptyport.invalid:", [], []),
        new("addr-from-meta", "x.invalid:1", ["__meta_host", "10.1.2.3", "__meta_port", "9100"],
            [Of(source: ["__meta_host", "__meta_port"], separator: ":", target: "__address__")]),
        new("scheme-path-params", "p.invalid:1234", [],
            [Of(target: "__scheme__", replacement: "https"), Of(target: "__metrics_path__", replacement: "/probe path"),
             Of(target: "__param_module", replacement: "override"), Of(target: "__param_new", replacement: "a b&c")],
            Params: new() { ["module"] = ["m1", "m2"], ["other"] = ["o1"] }),
        new("param-label-vs-config", "h.invalid:1", ["__param_module", "fromsd", "__param_extra", "e"], [], Params: new() { ["module"] = ["m1"] }),
        new("unicode-path-param", "h.invalid:1", [], [Of(target: "__param_a", replacement: "x&y")], Path: "/ü b!*",
            Params: new() { ["ä"] = ["ü é/x"], ["z"] = ["1"], ["a"] = ["0", "2"] }),
        new("path-no-slash", "h.invalid:1", [], [Of(target: "__metrics_path__", replacement: "metrics?x=1")]),
        new("drop", "d.invalid:1", ["__meta_x", "m"], [Of(action: RelabelAction.Drop, source: ["__meta_x"], regex: "m")]),
        new("keep-miss", "k.invalid:1", [], [Of(action: RelabelAction.Keep, source: ["job"], regex: "other")]),
        new("keepequal", "ke.invalid:1", ["a", "x", "b", "y"], [Of(action: RelabelAction.KeepEqual, source: ["a"], target: "b")]),
        new("dropequal", "de.invalid:1", ["a", "x", "b", "x"], [Of(action: RelabelAction.DropEqual, source: ["a"], target: "b")]),
        new("keepequal-kept", "kk.invalid:1", ["a", "x", "b", "x"], [Of(action: RelabelAction.KeepEqual, source: ["a"], target: "b")]),
        new("noaddr", "n.invalid:1", [], [Of(source: ["missing"], target: "__address__")]),
        // Without relabel_configs Prometheus rejects such an address when it loads the config, so add a no-op rule.
        new("slash", "a/b", [], [Of(action: RelabelAction.Keep, source: ["__address__"], regex: ".+")]),
        new("ftp-noport", "ftp.invalid", [], [Of(target: "__scheme__", replacement: "ftp")]),
        new("ftp-port", "ftp.invalid:21", [], [Of(target: "__scheme__", replacement: "ftp")]),
        new("interval-label", "i.invalid:1", ["__scrape_interval__", "45s"], [], Interval: "1m"),
        new("interval-bad", "i.invalid:2", [], [Of(target: "__scrape_interval__", replacement: "5x")]),
        new("interval-zero", "i.invalid:3", [], [Of(target: "__scrape_interval__", replacement: "0")]),
        new("interval-huge", "i.invalid:4", [], [Of(target: "__scrape_interval__", replacement: "300y")]),
        new("timeout-greater", "i.invalid:5", [], [Of(target: "__scrape_timeout__", replacement: "2h")]),
        new("timeout-deleted", "i.invalid:6", [], [Of(source: ["missing"], target: "__scrape_timeout__")]),
        new("durations", "i.invalid:7", [], [], Interval: "90s", Timeout: "1500ms"),
        new("instance-explicit", "e.invalid:1", [], [Of(target: "instance", replacement: "myinst")]),
        new("hashmod", "a.example.invalid:9100", ["src", "hello"],
            [Of(action: RelabelAction.HashMod, source: ["__address__"], target: "shard", modulus: 10),
             Of(action: RelabelAction.HashMod, source: ["src"], target: "h2", modulus: 1000000007),
             Of(action: RelabelAction.HashMod, source: ["src", "__address__"], separator: "|", target: "h3", modulus: ulong.MaxValue)]),
        new("case", "c.invalid:1", ["mix", "ÀÉÎ straße İı ǅ ſ Ω K Å ﬀ 𐐀𐐨 µ ẞ"],
            [Of(action: RelabelAction.Lowercase, source: ["mix"], target: "low"), Of(action: RelabelAction.Uppercase, source: ["mix"], target: "up")]),
        new("labelmap", "lm.invalid:1", ["__meta_kubernetes_pod_label_app", "web", "__meta_kubernetes_pod_label_tier", "fe"],
            [Of(action: RelabelAction.LabelMap, regex: "__meta_kubernetes_pod_label_(.+)", replacement: "k8s_$1")]),
        new("labelmap-order", "lo.invalid:1", ["a", "1", "b", "2"], [Of(action: RelabelAction.LabelMap, regex: "(a|b)", replacement: "b")]),
        new("labeldrop-keep", "ld.invalid:1", ["drop_me", "1", "keep_me", "2", "other", "3"],
            [Of(action: RelabelAction.LabelDrop, regex: "drop_.*"), Of(action: RelabelAction.LabelKeep, regex: "__.*|job|keep_.*")]),
        new("expand", "x.invalid:1", ["src", "hello"],
            [Of(source: ["src"], regex: "(?P<first>h)(?P<rest>.*)", target: "t_${first}", replacement: "a$1xb$$c${2}d|$rest|$first_|${rest}"),
             Of(source: ["src"], regex: "(h)(.*)", target: "t_$1x", replacement: "v")]),
        new("tmp-chain", "t.invalid:1", ["a", "x", "b", "y"],
            [Of(source: ["a", "b"], separator: "/", target: "__tmp_j"), Of(source: ["__tmp_j"], regex: "x/y", target: "joined", replacement: "ok")]),
        new("invalid-target", "it.invalid:1", ["src", "a-b"], [Of(source: ["src"], target: "x_$1", replacement: "v")]),
        new("templated-empty", "te.invalid:1", ["x_", "keep"], [Of(source: ["empty"], target: "x_${1}", replacement: "$1")]),
        new("newline", "nl.invalid:1", ["nl", "x\ny"],
            [Of(source: ["nl"], regex: "x.y", target: "dot", replacement: "m"), Of(source: ["nl"], target: "copy"),
             Of(source: ["nl"], regex: "(?s)x.y", target: "dots", replacement: "m")]),
        new("regex-classes", "rc.invalid:1", ["v", "abc_9 é١", "d", "١٢٣"],
            [Of(source: ["v"], regex: @"(\w+) (\W+)", target: "w", replacement: "$1|$2"),
             Of(source: ["d"], regex: @"\d+", target: "digits", replacement: "yes"),
             Of(source: ["v"], regex: "([[:alpha:]]+)_.*", target: "posix", replacement: "$1"),
             Of(source: ["v"], regex: "(?i)ABC(.*)", target: "ci", replacement: "$1")]),
        new("regex-go-syntax", "rg.invalid:1", ["v", "aaa", "w", "12!é", "d", "١x", "l", "a{,2}"],
            [Of(source: ["v"], regex: "(?U)(a+)(a*)", target: "ungreedy", replacement: "$1|$2"),
             Of(source: ["v"], regex: "(a{1,2}?)(a*)", target: "lazy", replacement: "$1|$2"),
             Of(source: ["w"], regex: "([[:^alpha:]]+)", target: "notalpha", replacement: "$1"),
             Of(source: ["d"], regex: @"(\D)x", target: "notdigit", replacement: "$1"),
             Of(source: ["l"], regex: "a{,2}", target: "literal", replacement: "yes"),
             Of(source: ["v", "w"], regex: @"(?P<x>a)\w*;(?P<y>\d)(?:.*)", target: "named_${x}", replacement: "${y}$x")]),
        new("trailing-newline", "tn.invalid:1", ["v", "abc\n"], [Of(source: ["v"], regex: "abc", target: "hit", replacement: "yes")]),
        new("empty-source-deletes", "es.invalid:1", ["env", "prod"], [Of(source: ["missing"], target: "env")]),
        new("multi-source-keep", "ms.invalid:1", ["a", "1", "b", ""], [Of(action: RelabelAction.Keep, source: ["a", "b", "job"], regex: "1;;multi-source-keep")]),
    ];

    [Fact]
    public async Task PopulateLabels_scenarios_matchRealPrometheus242()
    {
        var scenarios = Scenarios();
        var ct = TestContext.Current.CancellationToken;

        await using var prometheus = new PrometheusAgent(Config(scenarios));
        await prometheus.StartAsync(ct);
        var observed = await WaitForAllAsync(prometheus, scenarios.Length, ct);

        var mismatches = new List<string>();
        var statuses = new HashSet<TargetBuildStatus>();
        foreach (var s in scenarios)
        {
            var ours = Populate(s);
            statuses.Add(ours.Status);
            if (!observed.TryGetValue(s.Name, out var theirs))
            {
                mismatches.Add($"{s.Name}: Prometheus reported nothing; we say {ours.Status} {ours.Error}");
                continue;
            }
            Compare(s, ours, theirs, mismatches);
        }

        if (mismatches.Count > 0)
        {
            Assert.Fail(string.Join('\n', mismatches));
        }
        Assert.Equal(3, statuses.Count); // the scenarios exercise active, dropped and rejected targets
    }

    private static TargetBuildResult Populate(Scenario s)
    {
        Assert.True(PrometheusDuration.TryParse(s.Interval, out var interval, out _));
        Assert.True(PrometheusDuration.TryParse(s.Timeout, out var timeout, out _));
        var discovered = TargetLabelBuilder.MergeGroupLabels(L("__address__", s.Address), L(s.Labels));
        return TargetLabelBuilder.PopulateLabels(discovered, s.Name, s.Scheme, s.Path, interval, timeout, s.Params, s.Rules);
    }

    private static void Compare(Scenario s, TargetBuildResult ours, Observed theirs, List<string> mismatches)
    {
        if (ours.Status != theirs.Status)
        {
            mismatches.Add($"{s.Name}: we say {ours.Status} ({ours.Error}), Prometheus {theirs.Status} ({theirs.Error})");
            return;
        }
        switch (ours.Status)
        {
            case TargetBuildStatus.Ok:
                Check(s, "labels", Text(ours.Labels), Text(theirs.Labels), mismatches);
                Check(s, "scrapeUrl", ours.ScrapeUrl, theirs.ScrapeUrl, mismatches);
                Check(s, "scrapeInterval", ours.FullLabels.Get("__scrape_interval__"), theirs.Interval, mismatches);
                Check(s, "scrapeTimeout", ours.FullLabels.Get("__scrape_timeout__"), theirs.Timeout, mismatches);
                if (s.Rules.Length == 0)
                {
                    // 2.42 lets relabeling write through into the discovered labels it shows; compare them only untouched.
                    Check(s, "discoveredLabels", Text(ours.DiscoveredLabels), Text(theirs.Discovered), mismatches);
                }
                break;
            case TargetBuildStatus.Dropped:
                Check(s, "discoveredLabels", Text(ours.DiscoveredLabels), Text(theirs.Discovered), mismatches);
                break;
            default:
                Check(s, "error", "instance 0 in group 0: " + ours.Error, theirs.Error, mismatches);
                break;
        }
    }

    private static void Check(Scenario s, string what, string ours, string? theirs, List<string> mismatches)
    {
        if (!string.Equals(ours, theirs, StringComparison.Ordinal))
        {
            mismatches.Add($"{s.Name}: {what} differs\n  ours:       {ours}\n  prometheus: {theirs}");
        }
    }

    private static string Text(Labels labels) => labels.ToString();

    private sealed record Observed(TargetBuildStatus Status, Labels Labels, Labels Discovered, string? ScrapeUrl, string? Interval, string? Timeout, string? Error);

    private static async Task<Dictionary<string, Observed>> WaitForAllAsync(PrometheusAgent prometheus, int expected, CancellationToken ct)
    {
        // Prometheus applies discovered targets on a 5 s tick; a minute is a generous bound.
        var observed = new Dictionary<string, Observed>();
        await Poll.UntilAsync(
            async () =>
            {
                if (prometheus.HasExited)
                {
                    return true; // no point waiting: the assertion below shows its log
                }
                var json = await prometheus.Http.GetStringAsync(new Uri("/api/v1/targets?state=any", UriKind.Relative), ct);
                observed = Parse(json, prometheus.Output);
                return observed.Count >= expected;
            },
            TimeSpan.FromSeconds(60),
            ct);
        Assert.True(observed.Count >= expected, $"Prometheus reported {observed.Count} of {expected} targets (exited: {prometheus.HasExited}). Log:\n{prometheus.Output}");
        return observed;
    }

    private static Dictionary<string, Observed> Parse(string json, string log)
    {
        var result = new Dictionary<string, Observed>();
        using var doc = JsonDocument.Parse(json);
        var data = doc.RootElement.GetProperty("data");
        foreach (var t in data.GetProperty("activeTargets").EnumerateArray())
        {
            result[t.GetProperty("scrapePool").GetString()!] = new Observed(
                TargetBuildStatus.Ok,
                ToLabels(t.GetProperty("labels")),
                ToLabels(t.GetProperty("discoveredLabels")),
                t.GetProperty("scrapeUrl").GetString(),
                t.GetProperty("scrapeInterval").GetString(),
                t.GetProperty("scrapeTimeout").GetString(),
                null);
        }
        foreach (var t in data.GetProperty("droppedTargets").EnumerateArray())
        {
            var discovered = ToLabels(t.GetProperty("discoveredLabels"));
            result[discovered.Get("job")] = new Observed(TargetBuildStatus.Dropped, Labels.Empty, discovered, null, null, null, null);
        }
        foreach (Match m in FailedTarget.Matches(log))
        {
            result[m.Groups[1].Value] = new Observed(TargetBuildStatus.Error, Labels.Empty, Labels.Empty, null, null, null, Unquote(m.Groups[2].Value));
        }
        return result;
    }

    private static Labels ToLabels(JsonElement obj)
    {
        var b = new LabelsBuilder();
        foreach (var p in obj.EnumerateObject())
        {
            b.Set(p.Name, p.Value.GetString()!);
        }
        return b.ToLabels();
    }

    private static readonly Regex FailedTarget =
        new("scrape_pool=(\\S+) msg=\"Creating target failed\" err=\"((?:[^\"\\\\]|\\\\.)*)\"", RegexOptions.CultureInvariant);

    private static string Unquote(string logfmt)
    {
        var sb = new StringBuilder(logfmt.Length);
        for (var i = 0; i < logfmt.Length; i++)
        {
            if (logfmt[i] == '\\' && i + 1 < logfmt.Length)
            {
                i++;
                sb.Append(logfmt[i] switch { 'n' => '\n', 't' => '\t', 'r' => '\r', var c => c });
            }
            else
            {
                sb.Append(logfmt[i]);
            }
        }
        return sb.ToString();
    }

    private static string Config(Scenario[] scenarios)
    {
        var sb = new StringBuilder("scrape_configs:\n");
        foreach (var s in scenarios)
        {
            sb.Append("  - job_name: ").Append(Q(s.Name)).Append('\n');
            sb.Append("    scheme: ").Append(s.Scheme).Append('\n');
            sb.Append("    metrics_path: ").Append(Q(s.Path)).Append('\n');
            sb.Append("    scrape_interval: ").Append(s.Interval).Append('\n');
            sb.Append("    scrape_timeout: ").Append(s.Timeout).Append('\n');
            if (s.Params is not null)
            {
                sb.Append("    params:\n");
                foreach (var (k, v) in s.Params)
                {
                    sb.Append("      ").Append(Q(k)).Append(": [").AppendJoin(", ", v.Select(Q)).Append("]\n");
                }
            }
            sb.Append("    static_configs:\n      - targets: [").Append(Q(s.Address)).Append("]\n");
            if (s.Labels.Length > 0)
            {
                sb.Append("        labels:\n");
                for (var i = 0; i < s.Labels.Length; i += 2)
                {
                    sb.Append("          ").Append(Q(s.Labels[i])).Append(": ").Append(Q(s.Labels[i + 1])).Append('\n');
                }
            }
            if (s.Rules.Length > 0)
            {
                sb.Append("    relabel_configs:\n");
                foreach (var r in s.Rules)
                {
                    sb.Append("      - action: ").Append(r.Action.ToString().ToLowerInvariant()).Append('\n');
                    if (r.SourceLabels.Length > 0)
                    {
                        sb.Append("        source_labels: [").AppendJoin(", ", r.SourceLabels.Select(Q)).Append("]\n");
                    }
                    AppendIf(sb, "separator", r.Separator, RelabelConfig.DefaultSeparator);
                    AppendIf(sb, "regex", r.RegexPattern, RelabelConfig.DefaultRegex);
                    AppendIf(sb, "target_label", r.TargetLabel, "");
                    AppendIf(sb, "replacement", r.Replacement, RelabelConfig.DefaultReplacement);
                    if (r.Modulus != 0)
                    {
                        sb.Append("        modulus: ").Append(r.Modulus.ToString(CultureInfo.InvariantCulture)).Append('\n');
                    }
                }
            }
        }
        return sb.ToString();
    }

    private static void AppendIf(StringBuilder sb, string key, string value, string defaultValue)
    {
        if (!string.Equals(value, defaultValue, StringComparison.Ordinal))
        {
            sb.Append("        ").Append(key).Append(": ").Append(Q(value)).Append('\n');
        }
    }

    /// <summary>A YAML double-quoted scalar; everything outside printable ASCII is escaped.</summary>
    private static string Q(string s)
    {
        var sb = new StringBuilder("\"");
        foreach (var r in s.EnumerateRunes())
        {
            switch (r.Value)
            {
                case '"': sb.Append("\\\""); break;
                case '\\': sb.Append("\\\\"); break;
                case < 0x20 or 0x7F: sb.Append("\\x").Append(r.Value.ToString("X2", CultureInfo.InvariantCulture)); break;
                case < 0x7F: sb.Append((char)r.Value); break;
                case < 0x10000: sb.Append("\\u").Append(r.Value.ToString("X4", CultureInfo.InvariantCulture)); break;
                default: sb.Append("\\U").Append(r.Value.ToString("X8", CultureInfo.InvariantCulture)); break;
            }
        }
        return sb.Append('"').ToString();
    }
}
