using System.Text.RegularExpressions;
using Akka.Actor;
using Scraper.Actors.Configuration;
using Scraper.Actors.Discovery;
using Scraper.Actors.Tests.Support;
using Scraper.TestSupport;

namespace Scraper.Actors.Tests.Scrape;

/// <summary>Our self-metrics against those of a real <c>prometheus --enable-feature=agent</c> doing the same kind of work.</summary>
public sealed partial class MetricNamesTests(ITestOutputHelper output) : ScrapingTestKit(output)
{
    [Fact]
    public async Task Every_prometheus_metric_we_export_exists_in_the_real_agent_with_the_same_type()
    {
        var sdDir = Directory.CreateDirectory(Path.Combine(TempPath, "sd")).FullName;
        await File.WriteAllTextAsync(Path.Combine(sdDir, "t.json"), """[{"targets": ["127.0.0.1:1"]}]""", Token);
        await using var agent = new PrometheusAgent(
            $$"""
            global:
              scrape_interval: 1s
            scrape_configs:
              - job_name: self
                static_configs: [{targets: ['127.0.0.1:{{LoopbackPort.Free()}}']}]
              - job_name: files
                file_sd_configs: [{files: ['{{sdDir}}/*.json']}]
              - job_name: http
                http_sd_configs: [{url: 'http://127.0.0.1:1/sd', refresh_interval: 1s}]
              - job_name: dns
                dns_sd_configs: [{names: ['localhost'], type: A, port: 1, refresh_interval: 1s}]
            """);
        await agent.StartAsync(Token);

        // Our node doing the same: scraping, file/http/dns discovery, the WAL appender.
        await using var target = await TestHttpServer.StartStaticAsync("a 1\n", cancellationToken: Token);
        var options = new PrometheusOptions
        {
            ScrapeConfigs =
            [
                Job("self") with { StaticConfigs = [new StaticTargetGroup { Targets = [target.Address] }] },
                Job("files") with { FileSdConfigs = [new FileSdOptions { Files = [Path.Combine(sdDir, "*.json")] }] },
                Job("http") with { HttpSdConfigs = [new HttpSdOptions { Url = "http://127.0.0.1:1/sd", RefreshInterval = TimeSpan.FromSeconds(1) }] },
                Job("dns") with { DnsSdConfigs = [new DnsSdOptions { Names = ["localhost"], Type = DnsRecordType.A, Port = 1, RefreshInterval = TimeSpan.FromSeconds(1) }] },
            ],
        };
        await Discovery.Ask<ConfigApplied>(new ApplyConfig(options), Wait, Token);
        await AwaitWalAsync(wal => Assert.True(wal.Named("up").Count(s => s.Labels.Get("job") == "self") >= 3));

        var ours = Types(await MetricValues.TextAsync(Registry));
        Dictionary<string, string> theirs = [];
        await AwaitAssertAsync(async () =>
        {
            theirs = Types(await agent.Http.GetStringAsync(new Uri("/metrics", UriKind.Relative), Token));
            Assert.Contains("prometheus_target_interval_length_seconds", theirs.Keys);
        }, Wait, cancellationToken: Token);

        Assert.True(ours.Count >= 40, $"only {ours.Count} metrics exported");
        var missing = ours.Where(m => !theirs.TryGetValue(m.Key, out var type) || type != m.Value).Select(m => $"{m.Key} ({m.Value})").ToList();
        Assert.True(missing.Count == 0, "not in the real agent with this type: " + string.Join(", ", missing));
    }

    private static Dictionary<string, string> Types(string exposition) =>
        TypeLine().Matches(exposition).Where(m => m.Groups[1].Value.StartsWith("prometheus_", StringComparison.Ordinal))
            .ToDictionary(m => m.Groups[1].Value, m => m.Groups[2].Value);

    [GeneratedRegex(@"^# TYPE (\S+) (\S+)$", RegexOptions.Multiline)]
    private static partial Regex TypeLine();
}
