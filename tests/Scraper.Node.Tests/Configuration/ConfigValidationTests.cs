using static Scraper.Node.Tests.Configuration.ConfigTestHelper;

namespace Scraper.Node.Tests.Configuration;

/// <summary>Each kind of mistake Prometheus rejects, rejected here with the line, column and a useful reason.</summary>
public sealed class ConfigValidationTests
{
    public static TheoryData<string, string, int, int, string> Mistakes => new()
    {
        // name, yaml, line, column, message fragment
        { "duplicate job", "scrape_configs:\n- job_name: a\n- job_name: a\n", 3, 13, "found multiple scrape configs with job name \"a\" (first at line 2)" },
        { "missing job_name", "scrape_configs:\n- scrape_interval: 1m\n", 2, 3, "scrape_configs[0]: job_name is empty" },
        { "null job_name", "scrape_configs:\n- job_name:\n", 2, 12, "job_name is empty" },
        { "bad duration", "global:\n  scrape_interval: 1.5m\n", 2, 20, "global.scrape_interval: not a valid duration string: \"1.5m\"" },
        { "duration order", "scrape_configs:\n- job_name: a\n  scrape_timeout: 1s1m\n", 3, 19, "not a valid duration string: \"1s1m\"" },
        { "duration unit-less", "scrape_configs:\n- job_name: a\n  scrape_interval: 10\n", 3, 20, "not a valid duration string: \"10\"" },
        { "duration out of range", "global:\n  evaluation_interval: 300y\n", 2, 24, "duration out of range" },
        { "empty duration", "global:\n  scrape_interval: ''\n", 2, 20, "empty duration string" },
        { "timeout > interval", "scrape_configs:\n- job_name: x\n  scrape_interval: 5s\n  scrape_timeout: 10s\n", 4, 19, "scrape timeout greater than scrape interval for scrape config with job name \"x\"" },
        { "timeout > inherited interval", "global:\n  scrape_interval: 5s\nscrape_configs:\n- job_name: x\n  scrape_timeout: 6s\n", 5, 19, "scrape timeout greater than scrape interval for scrape config with job name \"x\"" },
        { "global timeout > interval", "global:\n  scrape_interval: 5s\n  scrape_timeout: 6s\n", 3, 19, "global scrape timeout greater than scrape interval" },
        { "unknown top-level key", "scrape_config:\n- job_name: a\n", 1, 1, "unknown key \"scrape_config\"" },
        { "unknown key in scrape config", "scrape_configs:\n- job_name: a\n- job_name: b\n- job_name: c\n  foo: 1\n", 5, 3, "unknown key \"foo\" in scrape_configs[2]" },
        { "unknown key in global", "global:\n  scrape_intervall: 1m\n", 2, 3, "unknown key \"scrape_intervall\" in global" },
        { "unknown key in static config", "scrape_configs:\n- job_name: a\n  static_configs:\n  - target: [a]\n", 4, 5, "unknown key \"target\" in scrape_configs[0].static_configs[0]" },
        { "unknown key in tls_config", "scrape_configs:\n- job_name: a\n  tls_config:\n    ca_fiel: x\n", 4, 5, "unknown key \"ca_fiel\" in scrape_configs[0].tls_config" },
        { "unknown key in queue_config", "remote_write:\n- url: http://a/\n  queue_config:\n    max_shard: 1\n", 4, 5, "unknown key \"max_shard\" in remote_write[0].queue_config" },
        { "unknown key in relabel rule", "scrape_configs:\n- job_name: a\n  relabel_configs:\n  - target: x\n", 4, 5, "unknown key \"target\" in scrape_configs[0].relabel_configs[0]" },
        { "repeated key", "scrape_configs:\n- job_name: a\n  metrics_path: /a\n  metrics_path: /b\n", 4, 3, "key \"metrics_path\" already set in scrape_configs[0]" },
        { "repeated external label", "global:\n  external_labels:\n    a: 1\n    a: 2\n", 4, 5, "key \"a\" already set in global.external_labels" },
        { "url as target", "scrape_configs:\n- job_name: a\n  static_configs:\n  - targets: ['http://h:1/m']\n", 4, 15, "\"http://h:1/m\" is not a valid hostname" },
        { "empty target", "scrape_configs:\n- job_name: a\n  static_configs:\n  - targets: ['']\n", 4, 15, "target address is empty" },
        { "empty port", "scrape_configs:\n- job_name: a\n  static_configs:\n  - targets: ['h:']\n", 4, 15, "\"h:\" is not a valid host:port: empty port" },
        { "bad port", "scrape_configs:\n- job_name: a\n  static_configs:\n  - targets: ['h:http']\n", 4, 15, "invalid port \"http\"" },
        { "port too big", "scrape_configs:\n- job_name: a\n  static_configs:\n  - targets: ['h:65536']\n", 4, 15, "invalid port \"65536\"" },
        { "bare ipv6", "scrape_configs:\n- job_name: a\n  static_configs:\n  - targets: ['::1']\n", 4, 15, "must be written in brackets" },
        { "bad host", "scrape_configs:\n- job_name: a\n  static_configs:\n  - targets: ['a b:1']\n", 4, 15, "invalid character ' ' in host" },
        { "scheme", "scrape_configs:\n- job_name: a\n  scheme: ftp\n", 3, 11, "invalid scheme \"ftp\" for scrape config with job name \"a\": must be http or https" },
        { "basic_auth + bearer_token", "scrape_configs:\n- job_name: a\n  basic_auth: {username: u}\n  bearer_token: t\n", 4, 3, "at most one of basic_auth, oauth2, bearer_token & bearer_token_file must be configured" },
        { "basic_auth + authorization", "scrape_configs:\n- job_name: a\n  basic_auth: {username: u}\n  authorization: {credentials: t}\n", 4, 3, "at most one of basic_auth, oauth2 & authorization must be configured" },
        { "authorization + bearer_token", "scrape_configs:\n- job_name: a\n  authorization: {credentials: t}\n  bearer_token: t\n", 3, 3, "authorization is not compatible with bearer_token & bearer_token_file" },
        { "bearer_token + bearer_token_file", "scrape_configs:\n- job_name: a\n  bearer_token: t\n  bearer_token_file: f\n", 4, 3, "at most one of bearer_token & bearer_token_file must be configured" },
        { "password + password_file", "scrape_configs:\n- job_name: a\n  basic_auth:\n    username: u\n    password: p\n    password_file: f\n", 6, 5, "at most one of basic_auth password, password_file & password_ref must be configured" },
        { "username + username_file", "scrape_configs:\n- job_name: a\n  basic_auth:\n    username: u\n    username_file: f\n", 5, 5, "at most one of basic_auth username, username_file & username_ref must be configured" },
        { "credentials + credentials_file", "scrape_configs:\n- job_name: a\n  authorization:\n    credentials: c\n    credentials_file: f\n", 5, 5, "at most one of authorization credentials & credentials_file must be configured" },
        { "authorization type basic", "scrape_configs:\n- job_name: a\n  authorization:\n    type: basic\n", 4, 11, "authorization type cannot be set to \"basic\", use \"basic_auth\" instead" },
        { "oauth2", "scrape_configs:\n- job_name: a\n  oauth2:\n    client_id: x\n", 3, 3, "oauth2 is not supported by scraper" },
        { "kubernetes_sd", "scrape_configs:\n- job_name: a\n  kubernetes_sd_configs:\n  - role: pod\n", 3, 3, "kubernetes_sd_configs is not supported by scraper" },
        { "consul_sd", "scrape_configs:\n- job_name: a\n  consul_sd_configs: []\n", 3, 3, "consul_sd_configs is not supported by scraper" },
        { "ec2_sd", "scrape_configs:\n- job_name: a\n  ec2_sd_configs: []\n", 3, 3, "ec2_sd_configs is not supported by scraper" },
        { "scrape_config_files", "scrape_config_files: [a.yml]\n", 1, 1, "scrape_config_files is not supported by scraper" },
        { "bad regex", "scrape_configs:\n- job_name: a\n  relabel_configs:\n  - regex: '(a'\n    target_label: b\n", 4, 12, "error parsing regexp \"(a\"" },
        { "regex backreference", "scrape_configs:\n- job_name: a\n  relabel_configs:\n  - regex: '(a)\\1'\n    action: keep\n", 4, 12, "invalid escape sequence: `\\1`" },
        { "unknown action", "scrape_configs:\n- job_name: a\n  relabel_configs:\n  - action: rename\n", 4, 13, "unknown relabel action \"rename\"" },
        { "empty action", "scrape_configs:\n- job_name: a\n  relabel_configs:\n  - action: ''\n", 4, 13, "unknown relabel action \"\"" },
        { "hashmod modulus", "scrape_configs:\n- job_name: a\n  relabel_configs:\n  - action: hashmod\n    target_label: b\n", 4, 5, "relabel configuration for hashmod requires non-zero modulus" },
        { "replace target", "scrape_configs:\n- job_name: a\n  relabel_configs:\n  - source_labels: [a]\n", 4, 5, "relabel configuration for replace action requires 'target_label' value" },
        { "invalid target label", "scrape_configs:\n- job_name: a\n  relabel_configs:\n  - target_label: a-b\n", 4, 5, "\"a-b\" is invalid 'target_label' for replace action" },
        { "non-ascii target label", "scrape_configs:\n- job_name: a\n  relabel_configs:\n  - target_label: aé\n", 4, 5, "\"aé\" is invalid 'target_label' for replace action" },
        { "labeldrop extra", "scrape_configs:\n- job_name: a\n  relabel_configs:\n  - action: labeldrop\n    target_label: x\n", 4, 5, "labeldrop action requires only 'regex', and no other fields" },
        { "labelkeep empty source_labels", "scrape_configs:\n- job_name: a\n  relabel_configs:\n  - action: labelkeep\n    source_labels: []\n", 4, 5, "labelkeep action requires only 'regex', and no other fields" },
        { "dropequal explicit default regex", "scrape_configs:\n- job_name: a\n  relabel_configs:\n  - action: dropequal\n    source_labels: [a]\n    target_label: b\n    regex: (.*)\n", 4, 5, "dropequal action requires only 'source_labels' and `target_label`" },
        { "uppercase replacement", "scrape_configs:\n- job_name: a\n  relabel_configs:\n  - action: uppercase\n    source_labels: [a]\n    target_label: b\n    replacement: x\n", 4, 5, "'replacement' can not be set for uppercase action" },
        { "labelmap replacement", "scrape_configs:\n- job_name: a\n  relabel_configs:\n  - action: labelmap\n    replacement: 1x\n", 4, 5, "\"1x\" is invalid 'replacement' for labelmap action" },
        { "null relabel rule", "scrape_configs:\n- job_name: a\n  metric_relabel_configs:\n  - null\n", 4, 5, "empty or null metric relabeling rule in scrape config" },
        { "invalid source label", "scrape_configs:\n- job_name: a\n  relabel_configs:\n  - source_labels: [ok, not-ok]\n    target_label: b\n", 4, 25, "\"not-ok\" is not a valid label name" },
        { "invalid external label", "global:\n  external_labels:\n    1a: x\n", 3, 5, "\"1a\" is not a valid label name" },
        { "invalid static label", "scrape_configs:\n- job_name: a\n  static_configs:\n  - labels: {a.b: x}\n", 4, 14, "\"a.b\" is not a valid label name" },
        { "file_sd extension", "scrape_configs:\n- job_name: a\n  file_sd_configs:\n  - files: [a.txt]\n", 4, 13, "path name \"a.txt\" is not valid for file discovery" },
        { "file_sd two stars", "scrape_configs:\n- job_name: a\n  file_sd_configs:\n  - files: ['*/*.json']\n", 4, 13, "is not valid for file discovery" },
        { "file_sd glob syntax", "scrape_configs:\n- job_name: a\n  file_sd_configs:\n  - files: ['[a.json']\n", 4, 13, "syntax error in pattern" },
        { "file_sd no files", "scrape_configs:\n- job_name: a\n  file_sd_configs:\n  - files: []\n", 4, 12, "file service discovery config must contain at least one path name" },
        { "dns_sd port", "scrape_configs:\n- job_name: a\n  dns_sd_configs:\n  - names: [a]\n    type: MX\n", 4, 5, "a port is required in DNS-SD configs for all record types except SRV" },
        { "dns_sd type", "scrape_configs:\n- job_name: a\n  dns_sd_configs:\n  - names: [a]\n    type: TXT\n", 5, 11, "invalid DNS-SD records type TXT" },
        { "dns_sd names", "scrape_configs:\n- job_name: a\n  dns_sd_configs:\n  - port: 1\n", 4, 5, "DNS-SD config must contain at least one SRV record name" },
        { "http_sd url missing", "scrape_configs:\n- job_name: a\n  http_sd_configs:\n  - refresh_interval: 1m\n", 4, 5, "URL is missing" },
        { "http_sd scheme", "scrape_configs:\n- job_name: a\n  http_sd_configs:\n  - url: file:///etc/x\n", 4, 10, "URL scheme must be 'http' or 'https'" },
        { "remote_write url missing", "remote_write:\n- name: a\n", 2, 3, "url for remote_write is empty" },
        { "remote_write url scheme", "remote_write:\n- url: ftp://a/b\n", 2, 8, "invalid remote_write url \"ftp://a/b\"" },
        { "remote_write url relative", "remote_write:\n- url: /api/v1/write\n", 2, 8, "must be an http or https URL with a host" },
        { "remote_write duplicate name", "remote_write:\n- url: http://a/\n  name: x\n- url: http://b/\n  name: x\n", 5, 9, "found multiple remote write configs with name \"x\" (first at line 3)" },
        { "reserved header", "remote_write:\n- url: http://a/\n  headers:\n    User-Agent: x\n", 4, 5, "User-Agent is a reserved header. It must not be changed" },
        { "reserved header lower case", "remote_write:\n- url: http://a/\n  headers:\n    x-prometheus-remote-write-version: x\n", 4, 5, "is a reserved header" },
        { "authorization header", "remote_write:\n- url: http://a/\n  headers:\n    AUTHORIZATION: x\n", 4, 5, "authorization header must be changed via the basic_auth, authorization" },
        { "protobuf_message", "remote_write:\n- url: http://a/\n  protobuf_message: v3\n", 3, 21, "invalid protobuf_message value: unknown type for remote write protobuf message v3" },
        { "sigv4", "remote_write:\n- url: http://a/\n  sigv4: {}\n", 3, 3, "sigv4 is not supported by scraper" },
        { "azuread", "remote_write:\n- url: http://a/\n  azuread: {}\n", 3, 3, "azuread is not supported by scraper" },
        { "google_iam", "remote_write:\n- url: http://a/\n  google_iam: {}\n", 3, 3, "google_iam is not supported by scraper" },
        { "remote_write oauth2", "remote_write:\n- url: http://a/\n  oauth2: {}\n", 3, 3, "oauth2 is not supported by scraper" },
        { "null remote_write", "remote_write:\n- ~\n", 2, 3, "empty or null remote write config section" },
        { "queue min > max shards", "remote_write:\n- url: http://a/\n  queue_config:\n    min_shards: 3\n    max_shards: 2\n", 4, 17, "min_shards (3) must not be greater than max_shards (2)" },
        { "queue zero capacity", "remote_write:\n- url: http://a/\n  queue_config:\n    capacity: 0\n", 4, 15, "capacity: 0 is out of range" },
        { "tls cert without key", "scrape_configs:\n- job_name: a\n  tls_config:\n    cert: x\n", 4, 5, "exactly one of key or key_file must be configured when a client certificate is configured" },
        { "tls key without cert", "scrape_configs:\n- job_name: a\n  tls_config:\n    key: x\n", 4, 5, "exactly one of cert or cert_file must be configured when a client key is configured" },
        { "tls ca + ca_file", "scrape_configs:\n- job_name: a\n  tls_config:\n    ca: x\n    ca_file: y\n", 5, 5, "at most one of ca, ca_file & ca_ref must be configured" },
        { "tls version", "scrape_configs:\n- job_name: a\n  tls_config:\n    min_version: TLS14\n", 4, 18, "unknown TLS version: TLS14" },
        { "tls max < min", "scrape_configs:\n- job_name: a\n  tls_config:\n    min_version: TLS13\n    max_version: TLS12\n", 5, 18, "max_version must be greater than or equal to tls_config.min_version" },
        { "proxy_url", "scrape_configs:\n- job_name: a\n  proxy_url: '::'\n", 3, 14, "invalid proxy_url \"::\"" },
        { "no_proxy without proxy_url", "scrape_configs:\n- job_name: a\n  no_proxy: localhost\n", 3, 3, "if no_proxy is configured, proxy_url must also be configured" },
        { "proxy_from_environment + proxy_url", "scrape_configs:\n- job_name: a\n  proxy_from_environment: true\n  proxy_url: http://p:1\n", 4, 3, "if proxy_from_environment is configured, proxy_url must not be configured" },
        { "bad boolean", "scrape_configs:\n- job_name: a\n  honor_labels: maybe\n", 3, 17, "cannot unmarshal !!str \"maybe\" into a boolean" },
        { "quoted boolean", "scrape_configs:\n- job_name: a\n  enable_http2: 'false'\n", 3, 17, "cannot unmarshal !!str \"false\" into a boolean" },
        { "negative limit", "scrape_configs:\n- job_name: a\n  sample_limit: -1\n", 3, 17, "-1 is out of range" },
        { "fractional limit", "scrape_configs:\n- job_name: a\n  label_limit: 1.5\n", 3, 16, "cannot unmarshal !!float \"1.5\" into an integer" },
        { "bad size", "scrape_configs:\n- job_name: a\n  body_size_limit: 10kB\n", 3, 20, "units: unknown unit kB in 10kB" },
        { "string for list", "scrape_configs:\n- job_name: a\n  static_configs:\n  - targets: a:1\n", 4, 14, "cannot unmarshal !!str into a list" },
        { "list for string", "scrape_configs:\n- job_name: [a]\n", 2, 13, "job_name: cannot unmarshal !!seq into a string" },
        { "mapping for list", "scrape_configs:\n  job_name: a\n", 2, 3, "scrape_configs: cannot unmarshal !!map into a list" },
        { "top-level list", "- a\n", 1, 1, "the configuration must be a mapping" },
        { "null scrape config", "scrape_configs:\n- null\n", 2, 3, "empty or null scrape config section" },
        { "rule_files", "rule_files: [a.yml]\n", 1, 1, "field rule_files is not allowed in agent mode" },
        { "alerting", "alerting:\n  alertmanagers:\n  - static_configs: []\n", 1, 1, "field alerting is not allowed in agent mode" },
        { "remote_read", "remote_read:\n- url: http://a/\n", 1, 1, "field remote_read is not allowed in agent mode" },
        { "yaml syntax", "scrape_configs:\n- job_name: a\n  static_configs: [{targets: [a:1]\n", 4, 1, "YAML syntax error" },
        { "yaml tab", "scrape_configs:\n- job_name: a\n\tmetrics_path: /x\n", 2, 13, "YAML syntax error" },
        { "yaml unknown alias", "scrape_configs:\n- job_name: *nope\n", 2, 13, "unknown anchor 'nope' referenced" },
        { "unsupported global key", "global:\n  metric_name_validation_scheme: utf8\n", 2, 3, "metric_name_validation_scheme is not supported by scraper" },
        { "secret manager reference", "scrape_configs:\n- job_name: a\n  basic_auth:\n    password_ref: x\n", 4, 5, "password_ref is not supported by scraper" },
        { "scrape_protocols empty", "global:\n  scrape_protocols: []\n", 2, 21, "scrape_protocols cannot be empty" },
        { "scrape_protocols unknown", "scrape_configs:\n- job_name: a\n  scrape_protocols: [Text]\n", 3, 22, "unknown scrape protocol Text" },
        { "scrape_protocols duplicate", "global:\n  scrape_protocols: [PrometheusProto, prometheusproto]\n", 2, 39, "duplicated protocol in scrape_protocols" },
    };

    [Theory]
    [MemberData(nameof(Mistakes))]
    public void Load_mistake_isRejectedWithPositionAndReason(string name, string yaml, int line, int column, string fragment)
    {
        var result = Load(yaml);

        Assert.False(result.IsValid, $"{name}: expected a rejection");
        Assert.Null(result.Options);
        Assert.Contains(result.Errors, e => e.Message.Contains(fragment, StringComparison.Ordinal));
        var error = result.Errors.First(e => e.Message.Contains(fragment, StringComparison.Ordinal));
        Assert.Equal((FileName, line, column), (error.File, error.Line, error.Column));
        Assert.Equal($"{FileName}:{line}:{column}: {error.Message}", error.ToString());
    }

    [Fact]
    public void Load_manyMistakes_reportsEveryOneInFileOrder()
    {
        var result = Load("""
            global:
              scrape_interval: 1m
              scrape_timeout: 2m
            scrape_configs:
              - job_name: a
                scrape_interval: 10x
                static_configs:
                  - targets: ['http://127.0.0.1:9100']
              - job_name: a
                basic_auth:
                  password: p
                  password_file: pw
                kubernetes_sd_configs: []
            remote_write:
              - name: x
            """);

        Assert.Equal([3, 6, 8, 9, 12, 12, 13, 15], result.Errors.Select(e => e.Line));
    }

    [Fact]
    public void Load_validFileWithUnknownSectionOnly_namesTheKeyNotTheValue()
    {
        var result = Load("scrape_configs: []\nfoo:\n  bar: 1\n");

        var error = Assert.Single(result.Errors);
        Assert.Equal((2, 1), (error.Line, error.Column));
        Assert.Equal("unknown key \"foo\"", error.Message);
    }

    [Theory]
    [InlineData("runtime:\n  gogc: 50\n", "runtime is ignored by scraper")]
    [InlineData("storage:\n  exemplars:\n    max_exemplars: 10\n", "storage is ignored by scraper")]
    [InlineData("global:\n  query_log_file: q.log\n", "global.query_log_file is ignored by scraper")]
    [InlineData("scrape_configs: []\n---\nfoo: 1\n", "only the first YAML document")]
    public void Load_settingsWithoutMeaningForAnAgent_areWarningsNotErrors(string yaml, string warning)
    {
        var result = Load(yaml);

        Assert.True(result.IsValid, string.Join('\n', result.Errors));
        Assert.Contains(result.Warnings, w => w.Message.Contains(warning, StringComparison.Ordinal));
    }

    [Theory]
    [InlineData("[::1]:9090")]
    [InlineData("[fe80::1%eth0]:9090")]
    [InlineData("[::1]")]
    [InlineData("localhost")]
    [InlineData("127.0.0.1:9100")]
    [InlineData("node_1.example-internal:80")]
    [InlineData("1234")]
    public void Load_wellFormedStaticTargets_areAccepted(string target)
    {
        LoadValid($"scrape_configs:\n- job_name: a\n  static_configs:\n  - targets: ['{target}']\n");
    }

    [Fact]
    public void Load_urlTargetWithRelabeling_isAccepted()
    {
        LoadValid("scrape_configs:\n- job_name: a\n  static_configs:\n  - targets: ['https://x/y']\n  relabel_configs:\n  - target_label: __address__\n    replacement: 127.0.0.1:9115\n");
    }
}
