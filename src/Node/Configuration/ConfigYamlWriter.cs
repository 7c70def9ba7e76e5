using Scraper.Actors.Configuration;
using Scraper.Node.Configuration.Yaml;
using Scraper.Protocol.Model;
using Scraper.Protocol.Relabel;

namespace Scraper.Node.Configuration;

/// <summary>
/// Writes a loaded configuration back as YAML with Prometheus's key names, order and layout, defaults filled in,
/// secrets as <c>&lt;secret&gt;</c> and passwords in URLs as <c>xxxxx</c>: what <c>/api/v1/status/config</c> shows.
/// </summary>
public static class ConfigYamlWriter
{
    /// <summary>The whole configuration.</summary>
    public static string Write(PrometheusOptions config)
    {
        ArgumentNullException.ThrowIfNull(config);
        var root = new YamlOut.Map().Child("global", Global(config.Global));
        root.SeqOmitEmpty("scrape_configs", config.ScrapeConfigs.Select(ScrapeConfig).ToList<object>());
        root.SeqOmitEmpty("remote_write", config.RemoteWrite.Select(RemoteWrite).ToList<object>());
        return YamlOut.Render(root);
    }

    /// <summary>One <c>remote_write</c> entry as a mapping document (the input of the generated queue name).</summary>
    public static string WriteRemoteWrite(RemoteWriteOptions remoteWrite)
    {
        ArgumentNullException.ThrowIfNull(remoteWrite);
        return YamlOut.Render(RemoteWrite(remoteWrite));
    }

    private static YamlOut.Map Global(GlobalOptions g)
    {
        var m = new YamlOut.Map()
            .Str("scrape_interval", PrometheusDuration.Format(g.ScrapeInterval))
            .Str("scrape_timeout", PrometheusDuration.Format(g.ScrapeTimeout));
        if (!g.ScrapeProtocols.IsDefaultOrEmpty)
        {
            m.Seq("scrape_protocols", g.ScrapeProtocols.Select(p => (object)ScrapeProtocols.Name(p)));
        }
        m.Str("evaluation_interval", PrometheusDuration.Format(g.EvaluationInterval))
            .ChildOmitEmpty("external_labels", LabelMap(g.ExternalLabels));
        if (g.BodySizeLimit.Bytes != 0)
        {
            m.Str("body_size_limit", ByteSize.Format(g.BodySizeLimit));
        }
        return m.IntOmitZero("sample_limit", g.SampleLimit)
            .IntOmitZero("target_limit", g.TargetLimit)
            .IntOmitZero("label_limit", g.LabelLimit)
            .IntOmitZero("label_name_length_limit", g.LabelNameLengthLimit)
            .IntOmitZero("label_value_length_limit", g.LabelValueLengthLimit)
            .IntOmitZero("keep_dropped_targets", g.KeepDroppedTargets);
    }

    private static YamlOut.Map ScrapeConfig(ScrapeJobOptions s)
    {
        var m = new YamlOut.Map().Str("job_name", s.JobName);
        if (s.HonorLabels)
        {
            m.Bool("honor_labels", true);
        }
        m.Bool("honor_timestamps", s.HonorTimestamps)
            .Bool("track_timestamps_staleness", s.TrackTimestampsStaleness);
        if (!s.Params.IsEmpty)
        {
            var p = new YamlOut.Map();
            foreach (var (key, values) in s.Params.OrderBy(kv => kv.Key, StringComparer.Ordinal))
            {
                p.Seq(key, values.Select(v => (object)v));
            }
            m.Child("params", p);
        }
        m.Str("scrape_interval", PrometheusDuration.Format(s.ScrapeInterval))
            .Str("scrape_timeout", PrometheusDuration.Format(s.ScrapeTimeout))
            .Seq("scrape_protocols", s.ScrapeProtocols.Select(p => (object)ScrapeProtocols.Name(p)))
            .Str("metrics_path", s.MetricsPath)
            .Str("scheme", s.Scheme)
            .Bool("enable_compression", s.EnableCompression);
        if (s.BodySizeLimit.Bytes != 0)
        {
            m.Str("body_size_limit", ByteSize.Format(s.BodySizeLimit));
        }
        m.IntOmitZero("sample_limit", s.SampleLimit)
            .IntOmitZero("target_limit", s.TargetLimit)
            .IntOmitZero("label_limit", s.LabelLimit)
            .IntOmitZero("label_name_length_limit", s.LabelNameLengthLimit)
            .IntOmitZero("label_value_length_limit", s.LabelValueLengthLimit)
            .IntOmitZero("keep_dropped_targets", s.KeepDroppedTargets);
        HttpClient(m, s.HttpClient);
        m.SeqOmitEmpty("relabel_configs", s.RelabelConfigs.Select(Relabel).ToList<object>())
            .SeqOmitEmpty("metric_relabel_configs", s.MetricRelabelConfigs.Select(Relabel).ToList<object>())
            .SeqOmitEmpty("dns_sd_configs", s.DnsSdConfigs.Select(Dns).ToList<object>())
            .SeqOmitEmpty("file_sd_configs", s.FileSdConfigs.Select(File).ToList<object>())
            .SeqOmitEmpty("http_sd_configs", s.HttpSdConfigs.Select(HttpSd).ToList<object>())
            .SeqOmitEmpty("static_configs", s.StaticConfigs.Select(Static).ToList<object>());
        return m;
    }

    private static YamlOut.Map Static(StaticTargetGroup g) =>
        new YamlOut.Map().Seq("targets", g.Targets.Select(t => (object)t)).ChildOmitEmpty("labels", LabelMap(g.Labels));

    private static YamlOut.Map File(FileSdOptions f) =>
        new YamlOut.Map().Seq("files", f.Files.Select(x => (object)x)).Str("refresh_interval", PrometheusDuration.Format(f.RefreshInterval));

    private static YamlOut.Map Dns(DnsSdOptions d) =>
        new YamlOut.Map()
            .Seq("names", d.Names.Select(n => (object)n))
            .Str("refresh_interval", PrometheusDuration.Format(d.RefreshInterval))
            .Str("type", d.Type.ToString().ToUpperInvariant())
            .Int("port", d.Port);

    private static YamlOut.Map HttpSd(HttpSdOptions h)
    {
        var m = new YamlOut.Map();
        HttpClient(m, h.HttpClient);
        return m.Str("refresh_interval", PrometheusDuration.Format(h.RefreshInterval)).Str("url", RedactUrl(h.Url));
    }

    private static YamlOut.Map RemoteWrite(RemoteWriteOptions r)
    {
        var m = new YamlOut.Map()
            .Str("url", RedactUrl(r.Url))
            .Str("remote_timeout", PrometheusDuration.Format(r.RemoteTimeout));
        if (!r.Headers.IsEmpty)
        {
            var headers = new YamlOut.Map();
            foreach (var (key, value) in r.Headers.OrderBy(kv => kv.Key, StringComparer.Ordinal))
            {
                headers.Str(key, value);
            }
            m.Child("headers", headers);
        }
        m.SeqOmitEmpty("write_relabel_configs", r.WriteRelabelConfigs.Select(Relabel).ToList<object>())
            .StrOmitEmpty("name", r.Name);
        if (r.SendExemplars)
        {
            m.Bool("send_exemplars", true);
        }
        if (r.SendNativeHistograms)
        {
            m.Bool("send_native_histograms", true);
        }
        m.Str("protobuf_message", r.ProtobufMessage == RemoteWriteProtobufMessage.V2 ? RemoteWriteOptions.ProtobufMessageV2 : RemoteWriteOptions.ProtobufMessageV1);
        HttpClient(m, r.HttpClient);
        var q = r.Queue;
        var queue = new YamlOut.Map()
            .Int("capacity", q.Capacity)
            .Int("max_shards", q.MaxShards)
            .Int("min_shards", q.MinShards)
            .Int("max_samples_per_send", q.MaxSamplesPerSend)
            .Str("batch_send_deadline", PrometheusDuration.Format(q.BatchSendDeadline))
            .Str("min_backoff", PrometheusDuration.Format(q.MinBackoff))
            .Str("max_backoff", PrometheusDuration.Format(q.MaxBackoff));
        if (q.RetryOnHttp429)
        {
            queue.Bool("retry_on_http_429", true);
        }
        if (q.SampleAgeLimit != TimeSpan.Zero)
        {
            queue.Str("sample_age_limit", PrometheusDuration.Format(q.SampleAgeLimit));
        }
        return m.Child("queue_config", queue)
            .Child("metadata_config", new YamlOut.Map()
                .Bool("send", r.Metadata.Send)
                .Str("send_interval", PrometheusDuration.Format(r.Metadata.SendInterval))
                .Int("max_samples_per_send", r.Metadata.MaxSamplesPerSend));
    }

    private static void HttpClient(YamlOut.Map m, HttpClientOptions c)
    {
        if (c.BasicAuth is { } ba)
        {
            var b = new YamlOut.Map().Str("username", ba.Username).StrOmitEmpty("username_file", ba.UsernameFile);
            SecretKeys(b, ba.Password, "password", "password_file");
            m.Child("basic_auth", b);
        }
        if (c.Authorization is { } az)
        {
            var a = new YamlOut.Map().Str("type", az.Type);
            SecretKeys(a, az.Credentials, "credentials", "credentials_file");
            m.Child("authorization", a);
        }
        if (c.Tls != TlsOptions.Default)
        {
            m.Child("tls_config", Tls(c.Tls));
        }
        m.Bool("follow_redirects", c.FollowRedirects).Bool("enable_http2", c.EnableHttp2);
        if (c.ProxyUrl is not null)
        {
            m.Str("proxy_url", RedactUrl(c.ProxyUrl));
        }
        m.StrOmitEmpty("no_proxy", c.NoProxy);
        if (c.ProxyFromEnvironment)
        {
            m.Bool("proxy_from_environment", true);
        }
        if (!c.ProxyConnectHeader.IsEmpty)
        {
            var h = new YamlOut.Map();
            foreach (var (key, values) in c.ProxyConnectHeader.OrderBy(kv => kv.Key, StringComparer.Ordinal))
            {
                h.Seq(key, values.Select(_ => (object)Secret.Redacted));
            }
            m.Child("proxy_connect_header", h);
        }
    }

    private static YamlOut.Map Tls(TlsOptions t)
    {
        var m = new YamlOut.Map().StrOmitEmpty("ca", t.Ca).StrOmitEmpty("cert", t.Cert);
        if (t.Key is { IsFile: false })
        {
            m.Str("key", Secret.Redacted);
        }
        m.StrOmitEmpty("ca_file", t.CaFile).StrOmitEmpty("cert_file", t.CertFile).StrOmitEmpty("key_file", t.Key?.FilePath)
            .StrOmitEmpty("server_name", t.ServerName)
            .Bool("insecure_skip_verify", t.InsecureSkipVerify);
        if (t.MinVersion is { } min)
        {
            m.Str("min_version", TlsVersionName(min));
        }
        if (t.MaxVersion is { } max)
        {
            m.Str("max_version", TlsVersionName(max));
        }
        return m;
    }

    private static YamlOut.Map Relabel(RelabelConfig r)
    {
        var m = new YamlOut.Map();
        if (!r.SourceLabels.IsDefaultOrEmpty)
        {
            m.Flow("source_labels", r.SourceLabels);
        }
        // Like current Prometheus, the default regex is left out: printing it would make a keepequal/dropequal
        // rule fail to load again ("requires only 'source_labels' and `target_label`").
        m.StrOmitEmpty("separator", r.Separator);
        if (r.RegexPattern != RelabelConfig.DefaultRegex)
        {
            m.Str("regex", r.RegexPattern);
        }
        if (r.Modulus != 0)
        {
            m.Raw("modulus", r.Modulus.ToString(System.Globalization.CultureInfo.InvariantCulture));
        }
        return m.StrOmitEmpty("target_label", r.TargetLabel)
            .StrOmitEmpty("replacement", r.Replacement)
            .Str("action", ConfigParser.ActionName(r.Action));
    }

    private static void SecretKeys(YamlOut.Map m, Secret? secret, string valueKey, string fileKey)
    {
        if (secret is null)
        {
            return;
        }
        if (secret.IsFile)
        {
            m.Str(fileKey, secret.FilePath!);
        }
        else
        {
            m.Str(valueKey, Secret.Redacted);
        }
    }

    private static YamlOut.Map LabelMap(Labels labels)
    {
        var m = new YamlOut.Map();
        foreach (var label in labels)
        {
            m.Str(label.Name, label.Value);
        }
        return m;
    }

    private static string TlsVersionName(TlsVersion v) => v switch
    {
        TlsVersion.Tls10 => "TLS10",
        TlsVersion.Tls11 => "TLS11",
        TlsVersion.Tls12 => "TLS12",
        _ => "TLS13",
    };

    /// <summary>Replaces the password of a URL's user information with <c>xxxxx</c>, as Prometheus's <c>URL.Redacted</c>.</summary>
    internal static string RedactUrl(string url)
    {
        var schemeEnd = url.IndexOf("://", StringComparison.Ordinal);
        if (schemeEnd < 0)
        {
            return url;
        }
        var authorityStart = schemeEnd + 3;
        var authorityEnd = url.IndexOfAny(['/', '?', '#'], authorityStart);
        if (authorityEnd < 0)
        {
            authorityEnd = url.Length;
        }
        var at = url.LastIndexOf('@', authorityEnd - 1, authorityEnd - authorityStart);
        if (at < 0)
        {
            return url;
        }
        var colon = url.IndexOf(':', authorityStart, at - authorityStart);
        return colon < 0 ? url : string.Concat(url.AsSpan(0, colon + 1), "xxxxx", url.AsSpan(at));
    }
}
