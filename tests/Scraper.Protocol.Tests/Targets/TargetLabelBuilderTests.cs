using System.Collections.Immutable;
using Scraper.Protocol.Model;
using Scraper.Protocol.Relabel;
using Scraper.Protocol.Targets;
using static Scraper.Protocol.Tests.Relabel.Rule;

namespace Scraper.Protocol.Tests.Targets;

public class TargetLabelBuilderTests
{
    private static readonly TimeSpan Minute = TimeSpan.FromMinutes(1);
    private static readonly TimeSpan TenSeconds = TimeSpan.FromSeconds(10);

    private static TargetBuildResult Build(
        Labels discovered,
        RelabelConfig[]? rules = null,
        string scheme = "http",
        string path = "/metrics",
        TimeSpan? interval = null,
        TimeSpan? timeout = null,
        Dictionary<string, ImmutableArray<string>>? parameters = null) =>
        TargetLabelBuilder.PopulateLabels(discovered, "node", scheme, path, interval ?? Minute, timeout ?? TenSeconds, parameters, rules ?? []);

    [Fact]
    public void PopulateLabels_plainTarget_addsDefaultsAndInstance()
    {
        var r = Build(L("__address__", "10.0.0.1:9100", "__meta_dc", "eu", "team", "infra"));

        Assert.Equal(TargetBuildStatus.Ok, r.Status);
        Assert.Null(r.Error);
        Assert.Equal(L("instance", "10.0.0.1:9100", "job", "node", "team", "infra"), r.Labels);
        Assert.Equal(
            L("__address__", "10.0.0.1:9100", "__metrics_path__", "/metrics", "__scheme__", "http", "__scrape_interval__", "1m",
                "__scrape_timeout__", "10s", "instance", "10.0.0.1:9100", "job", "node", "team", "infra"),
            r.FullLabels);
        Assert.Equal(
            L("__address__", "10.0.0.1:9100", "__meta_dc", "eu", "__metrics_path__", "/metrics", "__scheme__", "http",
                "__scrape_interval__", "1m", "__scrape_timeout__", "10s", "job", "node", "team", "infra"),
            r.DiscoveredLabels);
        Assert.Equal("http://10.0.0.1:9100/metrics", r.ScrapeUrl);
        Assert.Equal(Minute, r.ScrapeInterval);
        Assert.Equal(TenSeconds, r.ScrapeTimeout);
    }

    [Fact]
    public void PopulateLabels_discoveredValues_winOverConfigDefaults()
    {
        var r = Build(L("__address__", "h:1", "job", "fromsd", "__scheme__", "https", "__metrics_path__", "/m", "__scrape_interval__", "45s"));

        Assert.Equal("fromsd", r.Labels.Get("job"));
        Assert.Equal("https://h:1/m", r.ScrapeUrl);
        Assert.Equal(TimeSpan.FromSeconds(45), r.ScrapeInterval);
    }

    [Fact]
    public void PopulateLabels_params_overwriteDiscoveredParamLabels()
    {
        // Prometheus 2.42 sets __param_<name> from the config unconditionally (seen on the real binary).
        var r = Build(L("__address__", "h:1", "__param_module", "fromsd"), parameters: new() { ["module"] = ["m1", "m2"] });

        Assert.Equal("m1", r.DiscoveredLabels.Get("__param_module"));
        Assert.Equal("m1", r.FullLabels.Get("__param_module"));
        Assert.Equal("http://h:1/metrics?module=m1&module=m2", r.ScrapeUrl);
    }

    [Fact]
    public void PopulateLabels_relabelDrops_droppedWithDiscoveredLabels()
    {
        var r = Build(L("__address__", "h:1", "__meta_x", "m"), [Of(action: RelabelAction.Drop, source: ["__meta_x"], regex: "m")]);

        Assert.Equal(TargetBuildStatus.Dropped, r.Status);
        Assert.Equal("m", r.DiscoveredLabels.Get("__meta_x"));
        Assert.Equal("node", r.DiscoveredLabels.Get("job"));
        Assert.Equal(Labels.Empty, r.Labels);
        Assert.Equal(Labels.Empty, r.FullLabels);
        Assert.Equal(string.Empty, r.ScrapeUrl);
    }

    [Fact]
    public void PopulateLabels_relabelBuildsAddressFromMeta()
    {
        var r = Build(
            L("__address__", "ignored:1", "__meta_host", "10.1.2.3", "__meta_port", "9100"),
            [Of(source: ["__meta_host", "__meta_port"], separator: ":", target: "__address__")]);

        Assert.Equal("10.1.2.3:9100", r.Labels.Get("instance"));
        Assert.Equal("http://10.1.2.3:9100/metrics", r.ScrapeUrl);
        Assert.False(r.FullLabels.Has("__meta_host"));
    }

    [Fact]
    public void PopulateLabels_relabelChangesSchemePathAndParams_urlFollows()
    {
        var r = Build(
            L("__address__", "p.example:1234"),
            [
                Of(target: "__scheme__", replacement: "https"),
                Of(target: "__metrics_path__", replacement: "/probe path"),
                Of(target: "__param_module", replacement: "override"),
                Of(target: "__param_new", replacement: "a b&c"),
            ],
            parameters: new() { ["module"] = ["m1", "m2"], ["other"] = ["o1"] });

        // The same target on Prometheus 2.42 (with http) gave http://p.example:1234/probe%20path?module=override&module=m2&new=a+b%26c&other=o1
        Assert.Equal("https://p.example:1234/probe%20path?module=override&module=m2&new=a+b%26c&other=o1", r.ScrapeUrl);
        Assert.Equal("override", r.FullLabels.Get("__param_module"));
        Assert.False(r.Labels.Has("__param_module"));
    }

    [Theory]
    [InlineData("noport.example", "http", "noport.example:80")]
    [InlineData("secure.example", "https", "secure.example:443")]
    [InlineData("[::1]", "http", "[::1]:80")]
    [InlineData("[::1]:99", "http", "[::1]:99")]
    [InlineData("::1", "http", "::1")] // SplitHostPort fails with or without a port: left alone
    [InlineData("emptyport.example:", "http", "emptyport.example:")]
    [InlineData("[::1", "http", "[::1")]
    [InlineData("x]:1", "http", "x]:1")]
    [InlineData("[fe80::1%eth0]", "http", "[fe80::1%eth0]:80")]
    public void PopulateLabels_addressWithoutPort_getsSchemeDefault(string address, string scheme, string expected)
    {
        var r = Build(L("__address__", address), scheme: scheme);

        Assert.Equal(TargetBuildStatus.Ok, r.Status);
        Assert.Equal(expected, r.FullLabels.Get("__address__"));
        Assert.Equal(expected, r.Labels.Get("instance"));
    }

    [Fact]
    public void PopulateLabels_emptySchemeLabel_defaultsPort80AndOmitsSchemeFromUrl()
    {
        var r = Build(L("__address__", "noscheme.example"), [Of(target: "__scheme__", replacement: "", source: ["missing"])]);

        Assert.Equal("noscheme.example:80", r.Labels.Get("instance"));
        Assert.Equal("//noscheme.example:80/metrics", r.ScrapeUrl); // as Prometheus 2.42 shows it
    }

    [Fact]
    public void PopulateLabels_ipv6Zone_escapedInUrl()
    {
        var r = Build(L("__address__", "[fe80::1%eth0]"));

        Assert.Equal("http://[fe80::1%25eth0]:80/metrics", r.ScrapeUrl);
    }

    [Fact]
    public void PopulateLabels_unknownSchemeWithoutPort_errorNamesConfigScheme()
    {
        var r = Build(L("__address__", "ftp.example"), [Of(target: "__scheme__", replacement: "ftp")]);

        Assert.Equal(TargetBuildStatus.Error, r.Status);
        Assert.Equal("invalid scheme: \"http\"", r.Error);
    }

    [Fact]
    public void PopulateLabels_unknownSchemeWithPort_isAccepted()
    {
        var r = Build(L("__address__", "ftp.example:21"), [Of(target: "__scheme__", replacement: "ftp")]);

        Assert.Equal("ftp://ftp.example:21/metrics", r.ScrapeUrl);
    }

    [Theory]
    [InlineData("a/b", "\"a/b:80\" is not a valid hostname")]
    [InlineData("http://h:1/x", "\"http://h:1/x\" is not a valid hostname")]
    public void PopulateLabels_addressWithSlash_error(string address, string error)
    {
        var r = Build(L("__address__", address));

        Assert.Equal(TargetBuildStatus.Error, r.Status);
        Assert.Equal(error, r.Error);
        Assert.Equal(address, r.DiscoveredLabels.Get("__address__"));
    }

    [Fact]
    public void PopulateLabels_relabelClearsAddress_noAddress()
    {
        var r = Build(L("__address__", "h:1"), [Of(source: ["missing"], target: "__address__")]);

        Assert.Equal(TargetBuildStatus.Error, r.Status);
        Assert.Equal("no address", r.Error);
    }

    [Fact]
    public void PopulateLabels_noAddressDiscovered_noAddress()
    {
        Assert.Equal("no address", Build(L("foo", "bar")).Error);
    }

    [Theory]
    [InlineData("__scrape_interval__", "5s", "scrape timeout cannot be greater than scrape interval (\"10s\" > \"5s\")")]
    [InlineData("__scrape_timeout__", "1m1s", "scrape timeout cannot be greater than scrape interval (\"1m1s\" > \"1m\")")]
    [InlineData("__scrape_interval__", "5x", "error parsing scrape interval: not a valid duration string: \"5x\"")]
    [InlineData("__scrape_interval__", "0", "scrape interval cannot be 0")]
    [InlineData("__scrape_interval__", "0s", "scrape interval cannot be 0")]
    [InlineData("__scrape_interval__", "300y", "error parsing scrape interval: duration out of range")]
    [InlineData("__scrape_interval__", "", "error parsing scrape interval: empty duration string")]
    [InlineData("__scrape_timeout__", "0ms", "scrape timeout cannot be 0")]
    [InlineData("__scrape_timeout__", "1.5s", "error parsing scrape timeout: not a valid duration string: \"1.5s\"")]
    [InlineData("__scrape_timeout__", "", "error parsing scrape timeout: empty duration string")]
    public void PopulateLabels_badIntervalOrTimeoutLabel_error(string label, string value, string error)
    {
        var r = Build(L("__address__", "h:1"), [Of(source: ["v"], target: label, replacement: value == "" ? null : value)]);

        Assert.Equal(TargetBuildStatus.Error, r.Status);
        Assert.Equal(error, r.Error);
    }

    [Fact]
    public void PopulateLabels_intervalAndTimeoutFromLabels_override()
    {
        var r = Build(L("__address__", "h:1", "__scrape_interval__", "1d2h3m4s5ms", "__scrape_timeout__", "30s"));

        Assert.Equal(new TimeSpan(1, 2, 3, 4, 5), r.ScrapeInterval);
        Assert.Equal(TimeSpan.FromSeconds(30), r.ScrapeTimeout);
        Assert.Equal("1d2h3m4s5ms", r.FullLabels.Get("__scrape_interval__"));
    }

    [Fact]
    public void PopulateLabels_timeoutEqualToInterval_isAccepted()
    {
        var r = Build(L("__address__", "h:1"), interval: TenSeconds, timeout: TenSeconds);

        Assert.Equal(TargetBuildStatus.Ok, r.Status);
    }

    [Fact]
    public void PopulateLabels_configDurations_formattedAsPrometheus()
    {
        var r = Build(L("__address__", "h:1"), interval: TimeSpan.FromSeconds(90), timeout: TimeSpan.FromMilliseconds(1500));

        Assert.Equal("1m30s", r.DiscoveredLabels.Get("__scrape_interval__"));
        Assert.Equal("1s500ms", r.DiscoveredLabels.Get("__scrape_timeout__"));
    }

    [Fact]
    public void PopulateLabels_explicitInstance_isKept()
    {
        var r = Build(L("__address__", "h:1"), [Of(target: "instance", replacement: "myinst")]);

        Assert.Equal("myinst", r.Labels.Get("instance"));
    }

    [Fact]
    public void PopulateLabels_internalLabels_stayInFullLabelsOnly()
    {
        var r = Build(
            L("__address__", "h:1", "__meta_x", "m", "__custom", "c"),
            [Of(source: ["__meta_x"], target: "__tmp_y"), Of(source: ["__meta_x"], target: "visible")]);

        Assert.Equal("c", r.FullLabels.Get("__custom"));
        Assert.Equal("m", r.FullLabels.Get("__tmp_y"));
        Assert.False(r.FullLabels.Has("__meta_x"));
        Assert.Equal(L("instance", "h:1", "job", "node", "visible", "m"), r.Labels);
    }

    [Fact]
    public void PopulateLabels_labelmapToInvalidName_errorNamesLabel()
    {
        var r = Build(L("__address__", "h:1", "a9b", "v"), [Of(action: RelabelAction.LabelMap, regex: "a(.*)", replacement: "$1")]);

        Assert.Equal(TargetBuildStatus.Error, r.Status);
        Assert.Equal("invalid label name \"9b\"", r.Error);
    }

    [Fact]
    public void PopulateLabels_loneSurrogateValue_invalidLabelValue()
    {
        var r = Build(L("__address__", "h:1", "bad", "x\uD800"));

        Assert.Equal(TargetBuildStatus.Error, r.Status);
        Assert.Equal("invalid label value for \"bad\": \"x\\ufffd\"", r.Error);
    }

    [Fact]
    public void PopulateLabels_hashmodOnAddress_shardLabel()
    {
        // md5("a.example:9100") ends in ...f750243c; 0xce0bbb55f750243c mod 10 = 2 (and so says Prometheus 2.42).
        var r = Build(L("__address__", "a.example:9100"), [Of(action: RelabelAction.HashMod, source: ["__address__"], target: "__tmp_shard", modulus: 10)]);

        Assert.Equal("2", r.FullLabels.Get("__tmp_shard"));
    }

    [Fact]
    public void MergeGroupLabels_targetLabelsWin()
    {
        var merged = TargetLabelBuilder.MergeGroupLabels(L("__address__", "h:1", "env", "target"), L("env", "group", "dc", "eu"));

        Assert.Equal(L("__address__", "h:1", "env", "target", "dc", "eu"), merged);
    }

    [Theory]
    [InlineData("/metrics", "http://h:1/metrics")]
    [InlineData("metrics", "http://h:1/metrics")]
    [InlineData("", "http://h:1")]
    [InlineData("/a b/ü?x", "http://h:1/a%20b/%C3%BC%3Fx")]
    [InlineData("/a!*'();:@&=+$,~-._", "http://h:1/a%21%2A%27%28%29;:@&=+$,~-._")]
    [InlineData("*", "http://h:1/*")]
    public void ScrapeUrl_pathEscapedAsGo(string path, string expected)
    {
        var full = L("__address__", "h:1", "__scheme__", "http", "__metrics_path__", path);

        Assert.Equal(expected, TargetLabelBuilder.ScrapeUrl(full, null));
    }

    [Fact]
    public void ScrapeUrl_queryKeysSortedAndEscaped()
    {
        var full = L("__address__", "h:1", "__scheme__", "http", "__metrics_path__", "/m", "__param_z", "1", "__param_ä", "ü é", "__param_a", "x/y");
        var parameters = new Dictionary<string, ImmutableArray<string>> { ["b"] = ["2", "3"], ["empty"] = [] };

        Assert.Equal("http://h:1/m?a=x%2Fy&b=2&b=3&z=1&%C3%A4=%C3%BC+%C3%A9", TargetLabelBuilder.ScrapeUrl(full, parameters));
    }

    [Fact]
    public void ScrapeUrl_nonAsciiHost_percentEscaped()
    {
        var full = L("__address__", "héllo:80", "__scheme__", "http", "__metrics_path__", "/m");

        Assert.Equal("http://h%C3%A9llo:80/m", TargetLabelBuilder.ScrapeUrl(full, null));
    }
}
