using Scraper.Node.Configuration;
using Scraper.Node.Configuration.Yaml;
using static Scraper.Node.Tests.Configuration.ConfigTestHelper;

namespace Scraper.Node.Tests.Configuration;

public sealed class ConfigYamlWriterTests
{
    private static readonly ConfigLoaderOptions NoFileChecks = new() { CheckReferencedFiles = false, GetEnvironmentVariable = _ => null };

    [Fact]
    public void Write_smallConfig_usesPrometheusLayoutWithDefaultsFilledIn()
    {
        var config = LoadValid("""
            global:
              scrape_interval: 15s
              external_labels: {cluster: a, replica: "1"}
            scrape_configs:
              - job_name: "y"
                static_configs:
                  - targets: ['127.0.0.1:9100']
                    labels: {env: prod}
                relabel_configs:
                  - source_labels: [__address__, job]
                    target_label: addr
            remote_write:
              - url: http://127.0.0.1:9090/api/v1/write
                name: main
            """);

        Assert.Equal("""
            global:
              scrape_interval: 15s
              scrape_timeout: 10s
              evaluation_interval: 1m
              external_labels:
                cluster: a
                replica: "1"
            scrape_configs:
            - job_name: "y"
              honor_timestamps: true
              track_timestamps_staleness: false
              scrape_interval: 15s
              scrape_timeout: 10s
              scrape_protocols:
              - OpenMetricsText1.0.0
              - OpenMetricsText0.0.1
              - PrometheusText1.0.0
              - PrometheusText0.0.4
              metrics_path: /metrics
              scheme: http
              enable_compression: true
              follow_redirects: true
              enable_http2: true
              relabel_configs:
              - source_labels: [__address__, job]
                separator: ;
                target_label: addr
                replacement: $1
                action: replace
              static_configs:
              - targets:
                - 127.0.0.1:9100
                labels:
                  env: prod
            remote_write:
            - url: http://127.0.0.1:9090/api/v1/write
              remote_timeout: 30s
              name: main
              protobuf_message: prometheus.WriteRequest
              follow_redirects: true
              enable_http2: false
              queue_config:
                capacity: 10000
                max_shards: 50
                min_shards: 1
                max_samples_per_send: 2000
                batch_send_deadline: 5s
                min_backoff: 30ms
                max_backoff: 5s
              metadata_config:
                send: true
                send_interval: 1m
                max_samples_per_send: 500

            """, ConfigYamlWriter.Write(config));
    }

    [Fact]
    public void Write_secrets_areRedactedEverywhere()
    {
        var config = LoadValid("""
            scrape_configs:
              - job_name: a
                basic_auth: {username: visible-user, password: pw-SECRET-1}
                tls_config: {cert: CERT-TEXT, key: key-SECRET-2}
                proxy_url: http://proxyuser:proxy-SECRET-3@127.0.0.1:3128
                proxy_connect_header: {X-Proxy-Auth: [header-SECRET-4]}
                http_sd_configs:
                  - url: http://sduser:sd-SECRET-5@127.0.0.1:8080/sd
                    bearer_token: token-SECRET-6
            remote_write:
              - url: https://rwuser:rw-SECRET-7@127.0.0.1:9090/api/v1/write
                authorization: {type: Token, credentials: cred-SECRET-8}
            """);

        var yaml = ConfigYamlWriter.Write(config);

        Assert.DoesNotContain("SECRET", yaml, StringComparison.Ordinal);
        Assert.Contains("username: visible-user", yaml, StringComparison.Ordinal);
        Assert.Contains("password: <secret>", yaml, StringComparison.Ordinal);
        Assert.Contains("key: <secret>", yaml, StringComparison.Ordinal);
        Assert.Contains("credentials: <secret>", yaml, StringComparison.Ordinal);
        Assert.Contains("- <secret>", yaml, StringComparison.Ordinal);
        Assert.Contains("proxy_url: http://proxyuser:xxxxx@127.0.0.1:3128", yaml, StringComparison.Ordinal);
        Assert.Contains("url: http://sduser:xxxxx@127.0.0.1:8080/sd", yaml, StringComparison.Ordinal);
        Assert.Contains("url: https://rwuser:xxxxx@127.0.0.1:9090/api/v1/write", yaml, StringComparison.Ordinal);
    }

    [Fact]
    public void Write_secretFiles_printTheirPaths()
    {
        var yaml = ConfigYamlWriter.Write(LoadValid("""
            scrape_configs:
              - job_name: a
                basic_auth: {username_file: user.txt, password_file: secrets/pw.txt}
                tls_config: {cert_file: c.crt, key_file: c.key}
              - job_name: b
                bearer_token_file: ./token
            """, NoFileChecks));

        Assert.Contains("username_file: user.txt", yaml, StringComparison.Ordinal);
        Assert.Contains("password_file: secrets/pw.txt", yaml, StringComparison.Ordinal);
        Assert.Contains("key_file: c.key", yaml, StringComparison.Ordinal);
        Assert.Contains("credentials_file: token", yaml, StringComparison.Ordinal);
    }

    public static TheoryData<string> ConfigFiles()
    {
        var data = new TheoryData<string>();
        foreach (var dir in new[] { "valid", Path.Combine("divergent", "newer") })
        {
            foreach (var file in Directory.EnumerateFiles(TestDataPath(dir), "*.yml").Order(StringComparer.Ordinal))
            {
                data.Add(Path.GetRelativePath(TestDataPath(), file));
            }
        }
        data.Add(Path.Combine("..", "..", "deploy", "scraper.example.yml"));
        return data;
    }

    [Theory]
    [MemberData(nameof(ConfigFiles))]
    public void Write_thenLoad_givesTheSameConfiguration(string file)
    {
        var original = LoadValid(File.ReadAllText(TestDataPath(file)), NoFileChecks);
        var written = ConfigYamlWriter.Write(original);

        var reloaded = LoadValid(written, NoFileChecks);

        Assert.Equal(written, ConfigYamlWriter.Write(reloaded));
        Assert.Equal(original.ScrapeConfigs.Select(j => j.JobName), reloaded.ScrapeConfigs.Select(j => j.JobName));
        Assert.Equal(original.RemoteWrite.Select(r => r.RemoteName), reloaded.RemoteWrite.Select(r => r.RemoteName));
    }

    [Theory]
    [InlineData("plain", "plain")]
    [InlineData("y", "\"y\"")]
    [InlineData("no", "\"no\"")]
    [InlineData("true", "\"true\"")]
    [InlineData("null", "\"null\"")]
    [InlineData("~", "\"~\"")]
    [InlineData("", "\"\"")]
    [InlineData("1", "\"1\"")]
    [InlineData("0x1F", "\"0x1F\"")]
    [InlineData("1.5", "\"1.5\"")]
    [InlineData("2024-01-02", "\"2024-01-02\"")]
    [InlineData("a: b", "\"a: b\"")]
    [InlineData("a #b", "\"a #b\"")]
    [InlineData("#a", "\"#a\"")]
    [InlineData("*.json", "\"*.json\"")]
    [InlineData(" lead", "\" lead\"")]
    [InlineData("say \"hi\"\n", "\"say \\\"hi\\\"\\n\"")]
    [InlineData("(.*)", "(.*)")]
    [InlineData("$1", "$1")]
    [InlineData("http://127.0.0.1:9090/x", "http://127.0.0.1:9090/x")]
    [InlineData("<secret>", "<secret>")]
    public void Quote_stringsThatWouldReadBackDifferently_areDoubleQuoted(string value, string expected)
    {
        Assert.Equal(expected, YamlOut.Quote(value, flow: false));
    }

    [Theory]
    [InlineData("y")]
    [InlineData("1")]
    [InlineData("a: b")]
    [InlineData("with \"quotes\" and \\")]
    [InlineData("[x]")]
    public void Write_awkwardJobNames_loadBackUnchanged(string jobName)
    {
        var escaped = jobName.Replace("\\", "\\\\", StringComparison.Ordinal).Replace("\"", "\\\"", StringComparison.Ordinal);
        var config = LoadValid($"scrape_configs:\n- job_name: \"{escaped}\"\n");

        var reloaded = LoadValid(ConfigYamlWriter.Write(config));

        Assert.Equal(jobName, Assert.Single(reloaded.ScrapeConfigs).JobName);
    }
}
