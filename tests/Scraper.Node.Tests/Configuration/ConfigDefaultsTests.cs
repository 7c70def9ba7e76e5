using Scraper.Actors.Configuration;
using Scraper.Protocol.Model;
using Scraper.Protocol.Relabel;
using static Scraper.Node.Tests.Configuration.ConfigTestHelper;

namespace Scraper.Node.Tests.Configuration;

/// <summary>Defaults as Prometheus documents them (docs/configuration/configuration.md) and applies them (config.go).</summary>
public sealed class ConfigDefaultsTests
{
    private const string Minimal = """
        scrape_configs:
          - job_name: a
            static_configs:
              - targets: ['127.0.0.1:9100']
            file_sd_configs:
              - files: [targets.json]
            http_sd_configs:
              - url: http://127.0.0.1:8080/sd
            dns_sd_configs:
              - names: [_x._tcp.example.internal]
            relabel_configs:
              - target_label: x
        remote_write:
          - url: http://127.0.0.1:9090/api/v1/write
        """;

    [Theory]
    [InlineData("")]
    [InlineData("# nothing but a comment\n")]
    [InlineData("global: {}\n")]
    [InlineData("global:\n")]
    public void Load_emptyConfiguration_hasDocumentedGlobalDefaults(string yaml)
    {
        var config = LoadValid(yaml);

        Assert.Equal(TimeSpan.FromMinutes(1), config.Global.ScrapeInterval);
        Assert.Equal(TimeSpan.FromSeconds(10), config.Global.ScrapeTimeout);
        Assert.Equal(TimeSpan.FromMinutes(1), config.Global.EvaluationInterval);
        Assert.Equal(Labels.Empty, config.Global.ExternalLabels);
        Assert.Equal(0, config.Global.BodySizeLimit.Bytes);
        Assert.Equal(0, config.Global.SampleLimit);
        Assert.Equal(0, config.Global.LabelLimit);
        Assert.Equal(0, config.Global.LabelNameLengthLimit);
        Assert.Equal(0, config.Global.LabelValueLengthLimit);
        Assert.Equal(0, config.Global.TargetLimit);
        Assert.Equal(0, config.Global.KeepDroppedTargets);
        Assert.True(config.Global.ScrapeProtocols.IsEmpty);
        Assert.Empty(config.ScrapeConfigs);
        Assert.Empty(config.RemoteWrite);
    }

    [Fact]
    public void Load_minimalScrapeConfig_hasDocumentedDefaults()
    {
        var job = Assert.Single(LoadValid(Minimal).ScrapeConfigs);

        Assert.Equal("a", job.JobName);
        Assert.Equal(TimeSpan.FromMinutes(1), job.ScrapeInterval);
        Assert.Equal(TimeSpan.FromSeconds(10), job.ScrapeTimeout);
        Assert.Equal("/metrics", job.MetricsPath);
        Assert.Equal("http", job.Scheme);
        Assert.False(job.HonorLabels);
        Assert.True(job.HonorTimestamps);
        Assert.False(job.TrackTimestampsStaleness);
        Assert.True(job.EnableCompression);
        Assert.Empty(job.Params);
        Assert.Equal(0, job.BodySizeLimit.Bytes);
        Assert.Equal(0, job.SampleLimit);
        Assert.Equal(0, job.TargetLimit);
        Assert.Equal(0, job.KeepDroppedTargets);
        Assert.Equal(
            [ScrapeProtocol.OpenMetricsText100, ScrapeProtocol.OpenMetricsText001, ScrapeProtocol.PrometheusText100, ScrapeProtocol.PrometheusText004],
            job.ScrapeProtocols);
        Assert.Null(job.HttpClient.BasicAuth);
        Assert.Null(job.HttpClient.Authorization);
        Assert.True(job.HttpClient.FollowRedirects);
        Assert.True(job.HttpClient.EnableHttp2);
        Assert.Equal(TlsOptions.Default, job.HttpClient.Tls);
        Assert.False(job.HttpClient.Tls.InsecureSkipVerify);
        Assert.Null(job.HttpClient.ProxyUrl);
    }

    [Fact]
    public void Load_minimalDiscoveryConfigs_haveDocumentedRefreshIntervals()
    {
        var job = Assert.Single(LoadValid(Minimal, new() { CheckReferencedFiles = false }).ScrapeConfigs);

        Assert.Equal(["127.0.0.1:9100"], Assert.Single(job.StaticConfigs).Targets);
        Assert.Equal(TimeSpan.FromMinutes(5), Assert.Single(job.FileSdConfigs).RefreshInterval);
        var http = Assert.Single(job.HttpSdConfigs);
        Assert.Equal(TimeSpan.FromMinutes(1), http.RefreshInterval);
        Assert.True(http.HttpClient.FollowRedirects);
        Assert.True(http.HttpClient.EnableHttp2);
        var dns = Assert.Single(job.DnsSdConfigs);
        Assert.Equal(TimeSpan.FromSeconds(30), dns.RefreshInterval);
        Assert.Equal(DnsRecordType.Srv, dns.Type);
        Assert.Equal(0, dns.Port);
    }

    [Fact]
    public void Load_relabelRule_hasPrometheusDefaults()
    {
        var rule = Assert.Single(Assert.Single(LoadValid(Minimal, new() { CheckReferencedFiles = false }).ScrapeConfigs).RelabelConfigs);

        Assert.Equal(RelabelAction.Replace, rule.Action);
        Assert.Equal(";", rule.Separator);
        Assert.Equal("(.*)", rule.RegexPattern);
        Assert.Equal("$1", rule.Replacement);
        Assert.Equal("x", rule.TargetLabel);
        Assert.Equal(0UL, rule.Modulus);
        Assert.True(rule.SourceLabels.IsEmpty);
        Assert.Matches(rule.Regex, "anything at all");
        // Prometheus 2.42 anchors as ^(?:...)$ without (?s): the default regex does not match across a newline.
        Assert.DoesNotMatch(rule.Regex, "anything\nat all");
    }

    [Fact]
    public void Load_minimalRemoteWrite_hasDocumentedDefaults()
    {
        var rw = Assert.Single(LoadValid(Minimal, new() { CheckReferencedFiles = false }).RemoteWrite);

        Assert.Equal("http://127.0.0.1:9090/api/v1/write", rw.Url);
        Assert.Equal(string.Empty, rw.Name);
        Assert.Matches("^[0-9a-f]{6}$", rw.RemoteName);
        Assert.Equal(TimeSpan.FromSeconds(30), rw.RemoteTimeout);
        Assert.Equal(RemoteWriteProtobufMessage.V1, rw.ProtobufMessage);
        Assert.False(rw.SendExemplars);
        Assert.False(rw.SendNativeHistograms);
        Assert.Empty(rw.Headers);
        Assert.True(rw.WriteRelabelConfigs.IsEmpty);
        Assert.True(rw.HttpClient.FollowRedirects);
        Assert.False(rw.HttpClient.EnableHttp2);

        Assert.Equal(10000, rw.Queue.Capacity);
        Assert.Equal(50, rw.Queue.MaxShards);
        Assert.Equal(1, rw.Queue.MinShards);
        Assert.Equal(2000, rw.Queue.MaxSamplesPerSend);
        Assert.Equal(TimeSpan.FromSeconds(5), rw.Queue.BatchSendDeadline);
        Assert.Equal(TimeSpan.FromMilliseconds(30), rw.Queue.MinBackoff);
        Assert.Equal(TimeSpan.FromSeconds(5), rw.Queue.MaxBackoff);
        Assert.False(rw.Queue.RetryOnHttp429);
        Assert.Equal(TimeSpan.Zero, rw.Queue.SampleAgeLimit);

        Assert.True(rw.Metadata.Send);
        Assert.Equal(TimeSpan.FromMinutes(1), rw.Metadata.SendInterval);
        Assert.Equal(500, rw.Metadata.MaxSamplesPerSend);
    }

    [Fact]
    public void Load_partialQueueConfig_keepsDefaultsOfUnsetKeys()
    {
        var rw = Assert.Single(LoadValid("""
            remote_write:
              - url: http://127.0.0.1:9090/api/v1/write
                queue_config:
                  capacity: 100
                  retry_on_http_429: true
                metadata_config:
                  send: false
            """).RemoteWrite);

        Assert.Equal(100, rw.Queue.Capacity);
        Assert.True(rw.Queue.RetryOnHttp429);
        Assert.Equal(50, rw.Queue.MaxShards);
        Assert.Equal(2000, rw.Queue.MaxSamplesPerSend);
        Assert.False(rw.Metadata.Send);
        Assert.Equal(500, rw.Metadata.MaxSamplesPerSend);
    }

    [Fact]
    public void Load_remoteWriteNames_configuredOrStableHash()
    {
        const string Yaml = """
            remote_write:
              - url: http://127.0.0.1:9090/api/v1/write
                name: primary
              - url: http://127.0.0.1:9091/api/v1/write
              - url: http://127.0.0.1:9092/api/v1/write
            """;
        var first = LoadValid(Yaml).RemoteWrite;
        var again = LoadValid(Yaml).RemoteWrite;

        Assert.Equal("primary", first[0].RemoteName);
        Assert.Matches("^[0-9a-f]{6}$", first[1].RemoteName);
        Assert.NotEqual(first[1].RemoteName, first[2].RemoteName);
        Assert.Equal(first[1].RemoteName, again[1].RemoteName);
    }

    [Theory]
    // global interval, global timeout, job interval, job timeout -> effective interval, timeout
    [InlineData(null, null, null, null, "1m", "10s")]
    [InlineData("30s", null, null, null, "30s", "10s")]
    [InlineData("5s", null, null, null, "5s", "5s")]
    [InlineData("5s", "2s", null, null, "5s", "2s")]
    [InlineData(null, null, "2s", null, "2s", "2s")]
    [InlineData("1m", "20s", "30s", null, "30s", "20s")]
    [InlineData("1m", "20s", "15s", null, "15s", "15s")]
    [InlineData(null, null, "30s", "30s", "30s", "30s")]
    [InlineData("15s", null, "0s", "0s", "15s", "10s")]
    public void Load_intervalAndTimeout_inheritLikePrometheus(
        string? globalInterval, string? globalTimeout, string? jobInterval, string? jobTimeout, string interval, string timeout)
    {
        var yaml = "global:\n"
            + (globalInterval is null ? string.Empty : $"  scrape_interval: {globalInterval}\n")
            + (globalTimeout is null ? string.Empty : $"  scrape_timeout: {globalTimeout}\n")
            + "scrape_configs:\n  - job_name: a\n"
            + (jobInterval is null ? string.Empty : $"    scrape_interval: {jobInterval}\n")
            + (jobTimeout is null ? string.Empty : $"    scrape_timeout: {jobTimeout}\n");

        var job = Assert.Single(LoadValid(yaml).ScrapeConfigs);

        Assert.Equal(PrometheusDuration.Parse(interval), job.ScrapeInterval);
        Assert.Equal(PrometheusDuration.Parse(timeout), job.ScrapeTimeout);
    }

    [Fact]
    public void Load_globalLimitsAndProtocols_inheritedUnlessSetPerJob()
    {
        var config = LoadValid("""
            global:
              body_size_limit: 10MB
              sample_limit: 100
              label_limit: 20
              label_name_length_limit: 30
              label_value_length_limit: 40
              target_limit: 50
              keep_dropped_targets: 60
              scrape_protocols: [PrometheusText0.0.4]
            scrape_configs:
              - job_name: inherits
              - job_name: own
                body_size_limit: 1KB
                sample_limit: 5
                target_limit: 6
                scrape_protocols: [OpenMetricsText1.0.0]
            """);

        var inherits = config.ScrapeConfigs[0];
        Assert.Equal(10 * 1024 * 1024, inherits.BodySizeLimit.Bytes);
        Assert.Equal(100, inherits.SampleLimit);
        Assert.Equal(20, inherits.LabelLimit);
        Assert.Equal(30, inherits.LabelNameLengthLimit);
        Assert.Equal(40, inherits.LabelValueLengthLimit);
        Assert.Equal(50, inherits.TargetLimit);
        Assert.Equal(60, inherits.KeepDroppedTargets);
        Assert.Equal([ScrapeProtocol.PrometheusText004], inherits.ScrapeProtocols);

        var own = config.ScrapeConfigs[1];
        Assert.Equal(1024, own.BodySizeLimit.Bytes);
        Assert.Equal(5, own.SampleLimit);
        Assert.Equal(6, own.TargetLimit);
        Assert.Equal(20, own.LabelLimit);
        Assert.Equal([ScrapeProtocol.OpenMetricsText100], own.ScrapeProtocols);
    }

    [Fact]
    public void Load_bearerTokenAndAuthorization_defaultToBearerType()
    {
        var jobs = LoadValid("""
            scrape_configs:
              - job_name: token
                bearer_token: abc
              - job_name: default-type
                authorization:
                  credentials: def
              - job_name: own-type
                authorization:
                  type: '  Token  '
                  credentials: ghi
            """).ScrapeConfigs;

        var auth = jobs.Select(j => j.HttpClient.Authorization!).Select(a => (a.Type, a.ReadCredentials())).ToList();
        Assert.Equal([("Bearer", "abc"), ("Bearer", "def"), ("Token", "ghi")], auth);
    }

    [Fact]
    public void Load_externalLabels_expandEnvironmentVariables()
    {
        var env = new Dictionary<string, string> { ["REGION"] = "eu-1", ["HOST"] = "node-7" };
        var config = LoadValid("""
            global:
              external_labels:
                region: $REGION
                host: prefix-${HOST}-suffix
                price: $$5
                missing: a${NOPE}b
                plain: value
            """, new() { GetEnvironmentVariable = name => env.GetValueOrDefault(name) });

        var labels = config.Global.ExternalLabels;
        Assert.Equal("eu-1", labels.Get("region"));
        Assert.Equal("prefix-node-7-suffix", labels.Get("host"));
        Assert.Equal("$5", labels.Get("price"));
        Assert.Equal("ab", labels.Get("missing"));
        Assert.Equal("value", labels.Get("plain"));
    }

    [Fact]
    public void Load_unsetEnvironmentVariable_isAWarning()
    {
        var result = Load("global:\n  external_labels:\n    a: ${NOT_SET_ANYWHERE}\n");

        Assert.True(result.IsValid);
        var warning = Assert.Single(result.Warnings);
        Assert.Equal(3, warning.Line);
        Assert.Contains("NOT_SET_ANYWHERE", warning.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Load_yaml11Scalars_readAsPrometheusReadsThem()
    {
        var job = Assert.Single(LoadValid("""
            scrape_configs:
              - job_name: 123
                honor_labels: yes
                honor_timestamps: off
                sample_limit: 0x10
                label_limit: 1_000
                static_configs:
                  - targets: [127.0.0.1:9100]
                    labels: {a: 1, b: true, c: null}
            """).ScrapeConfigs);

        Assert.Equal("123", job.JobName);
        Assert.True(job.HonorLabels);
        Assert.False(job.HonorTimestamps);
        Assert.Equal(16, job.SampleLimit);
        Assert.Equal(1000, job.LabelLimit);
        var labels = Assert.Single(job.StaticConfigs).Labels;
        Assert.Equal("1", labels.Get("a"));
        Assert.Equal("true", labels.Get("b"));
        Assert.False(labels.Has("c"));
    }

    [Fact]
    public void Load_anchorsAndMergeKeys_areResolved()
    {
        var config = LoadValid("""
            scrape_configs:
              - &base
                job_name: base
                scrape_interval: 30s
                metrics_path: /base
              - <<: *base
                job_name: derived
            """);

        Assert.Equal("derived", config.ScrapeConfigs[1].JobName);
        Assert.Equal(TimeSpan.FromSeconds(30), config.ScrapeConfigs[1].ScrapeInterval);
        Assert.Equal("/base", config.ScrapeConfigs[1].MetricsPath);
    }

    [Fact]
    public void Load_paramsAndHeaders_keepAllValues()
    {
        var config = LoadValid("""
            scrape_configs:
              - job_name: a
                params:
                  module: [http_2xx, tcp]
                  target: [x]
            remote_write:
              - url: https://127.0.0.1:9090/api/v1/write
                headers:
                  X-Scope-OrgID: tenant
                  X-Other: v
            """);

        Assert.Equal(["http_2xx", "tcp"], config.ScrapeConfigs[0].Params["module"]);
        Assert.Equal(["x"], config.ScrapeConfigs[0].Params["target"]);
        Assert.Equal("tenant", config.RemoteWrite[0].Headers["X-Scope-OrgID"]);
        Assert.Equal(2, config.RemoteWrite[0].Headers.Count);
    }
}
