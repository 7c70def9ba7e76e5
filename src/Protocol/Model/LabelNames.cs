namespace Scraper.Protocol.Model;

/// <summary>Label names with meaning in Prometheus, and the name rules it applies.</summary>
public static class LabelNames
{
    /// <summary>The label that carries the metric name.</summary>
    public const string MetricName = "__name__";

    /// <summary>Target address, host:port.</summary>
    public const string Address = "__address__";

    /// <summary>Scheme of the target, http or https.</summary>
    public const string Scheme = "__scheme__";

    /// <summary>HTTP path of the target's metrics.</summary>
    public const string MetricsPath = "__metrics_path__";

    /// <summary>The target's scrape interval as a Prometheus duration.</summary>
    public const string ScrapeInterval = "__scrape_interval__";

    /// <summary>The target's scrape timeout as a Prometheus duration.</summary>
    public const string ScrapeTimeout = "__scrape_timeout__";

    /// <summary>Prefix of labels carrying URL parameters.</summary>
    public const string ParamPrefix = "__param_";

    /// <summary>Prefix of discovery metadata labels, dropped after relabeling.</summary>
    public const string MetaPrefix = "__meta_";

    /// <summary>Prefix reserved for temporary labels in relabeling.</summary>
    public const string TmpPrefix = "__tmp_";

    /// <summary>Prefix of every reserved label; such labels are dropped from target labels after relabeling.</summary>
    public const string ReservedPrefix = "__";

    /// <summary>The job label.</summary>
    public const string Job = "job";

    /// <summary>The instance label.</summary>
    public const string Instance = "instance";

    /// <summary>Histogram bucket upper bound.</summary>
    public const string Bucket = "le";

    /// <summary>Summary quantile.</summary>
    public const string Quantile = "quantile";

    /// <summary>
    /// True for a legacy label name: <c>[a-zA-Z_][a-zA-Z0-9_]*</c>. This is what Prometheus 2.x accepts in
    /// configuration (target_label, labelmap results) and what the remote-write receivers here accept.
    /// </summary>
    public static bool IsValidLegacyName(ReadOnlySpan<char> name)
    {
        if (name.IsEmpty)
        {
            return false;
        }
        for (var i = 0; i < name.Length; i++)
        {
            var c = name[i];
            var ok = c is (>= 'a' and <= 'z') or (>= 'A' and <= 'Z') or '_' || (i > 0 && c is >= '0' and <= '9');
            if (!ok)
            {
                return false;
            }
        }
        return true;
    }

    /// <summary>True for a legacy metric name: <c>[a-zA-Z_:][a-zA-Z0-9_:]*</c>.</summary>
    public static bool IsValidLegacyMetricName(ReadOnlySpan<char> name)
    {
        if (name.IsEmpty)
        {
            return false;
        }
        for (var i = 0; i < name.Length; i++)
        {
            var c = name[i];
            var ok = c is (>= 'a' and <= 'z') or (>= 'A' and <= 'Z') or '_' or ':' || (i > 0 && c is >= '0' and <= '9');
            if (!ok)
            {
                return false;
            }
        }
        return true;
    }
}
