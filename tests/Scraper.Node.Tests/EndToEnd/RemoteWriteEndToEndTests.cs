using System.Globalization;
using Scraper.TestSupport;
using Scraper.Wal;

namespace Scraper.Node.Tests.EndToEnd;

/// <summary>
/// The real <c>scraper</c> executable scraping real targets (prometheus-node-exporter and a counting target) and
/// writing to real receivers (Prometheus 2.42 with its remote-write receiver, victoria-metrics), all on 127.0.0.1 and
/// started and stopped here. The counting target serves the number of each scrape, so "every sample arrived, in
/// order" is checked as: the receiver holds 1..n, each once, at increasing timestamps.
/// </summary>
public sealed class RemoteWriteEndToEndTests
{
    private static readonly TimeSpan Deadline = TimeSpan.FromSeconds(90);

    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    private static string Config(string writeUrl, string counter, string? node = null, string queue = "", string extra = "") => $"""
        global:
          scrape_interval: 1s
          scrape_timeout: 1s
          external_labels:
            site: e2e
        scrape_configs:
          - job_name: counter
            static_configs:
              - targets: ['{counter}']
        {(node is null ? string.Empty : $"""
          - job_name: node
            static_configs:
              - targets: ['{node}']
        """)}
        remote_write:
          - url: {writeUrl}
            name: e2e
        {extra}
            queue_config:
              batch_send_deadline: 1s
              min_backoff: 30ms
              max_backoff: 500ms
        {queue}
        """;

    [Fact]
    public async Task Agent_scrapesNodeExporterAndATarget_everySampleReachesPrometheusWithItsLabels()
    {
        await using var receiver = new PrometheusReceiver();
        await receiver.StartAsync(Ct);
        await using var node = new NodeExporter();
        await node.StartAsync(Ct);
        await using var counter = await CountingTarget.StartAsync(Ct);
        await using var agent = new ScraperAgent(Config(receiver.WriteUrl, counter.Address, node.Address));
        await agent.StartAsync(Ct);

        await counter.WaitServedAsync(5, Deadline, Ct);
        var served = counter.Served;
        var series = await WaitForCounterAsync(q => receiver.QueryAsync(q, Ct), served);
        AssertContiguous(series, served);
        var labels = series.Labels;
        Assert.Equal("counter", labels["job"]);
        Assert.Equal(counter.Address, labels["instance"]);
        Assert.Equal("e2e", labels["source"]);
        Assert.Equal("e2e", labels["site"]);

        var nodeUp = await WaitForAsync(() => receiver.QueryAsync($"up{{job=\"node\",instance=\"{node.Address}\",site=\"e2e\"}}", Ct));
        Assert.Equal("1", nodeUp[0].Points[^1].Value);
        var nodeSeries = await WaitForAsync(() => receiver.QueryAsync("count({job=\"node\",__name__=~\"node_.+\"})", Ct));
        Assert.True(double.Parse(nodeSeries[0].Points[0].Value, CultureInfo.InvariantCulture) > 100,
            "node exporter's series reached the receiver");

        var sent = await agent.MetricSumAsync("prometheus_remote_storage_samples_total", Ct);
        Assert.True(sent > served, $"prometheus_remote_storage_samples_total is {sent}");
        var metrics = await agent.Http.GetStringAsync(new Uri("/metrics", UriKind.Relative), Ct);
        Assert.Contains($"prometheus_remote_storage_shards{{remote_name=\"e2e\",url=\"{receiver.WriteUrl}\"}}", metrics, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Agent_deliversToVictoriaMetrics()
    {
        await using var receiver = new VictoriaMetricsReceiver();
        await receiver.StartAsync(Ct);
        await using var counter = await CountingTarget.StartAsync(Ct);
        await using var agent = new ScraperAgent(Config(receiver.WriteUrl, counter.Address));
        await agent.StartAsync(Ct);

        await counter.WaitServedAsync(5, Deadline, Ct);
        var served = counter.Served;
        var series = await WaitForCounterAsync(q => receiver.QueryAsync(q, Ct), served);
        AssertContiguous(series, served);
        Assert.Equal("e2e", series.Labels["site"]);
        Assert.Equal("counter", series.Labels["job"]);
    }

    [Fact]
    public async Task RemoteWrite2_againstPrometheus242_fallsBackTo1_andEverySampleArrives()
    {
        await using var receiver = new PrometheusReceiver();
        await receiver.StartAsync(Ct);
        await using var counter = await CountingTarget.StartAsync(Ct);
        await using var agent = new ScraperAgent(Config(receiver.WriteUrl, counter.Address,
            extra: "    protobuf_message: io.prometheus.write.v2.Request"));
        await agent.StartAsync(Ct);

        await counter.WaitServedAsync(4, Deadline, Ct);
        var served = counter.Served;
        AssertContiguous(await WaitForCounterAsync(q => receiver.QueryAsync(q, Ct), served), served);
        Assert.Equal(1, await agent.MetricSumAsync("scraper_remote_storage_protocol_fallbacks_total", Ct));
    }

    [Fact]
    public async Task ReceiverOutage_everySampleArrivesInOrderAfterwards_andTheWalShrinksAfterTruncation()
    {
        await using var receiver = new VictoriaMetricsReceiver();
        await receiver.StartAsync(Ct);
        await using var node = new NodeExporter();
        await node.StartAsync(Ct);
        await using var counter = await CountingTarget.StartAsync(Ct);
        await using var agent = new ScraperAgent(Config(receiver.WriteUrl, counter.Address, node.Address),
        [
            "--storage.agent.wal-segment-size=32KiB",
            "--storage.agent.wal-truncate-frequency=2s",
            "--storage.agent.retention.min-time=1s",
        ]);
        await agent.StartAsync(Ct);
        await counter.WaitServedAsync(3, Deadline, Ct);
        await WaitForCounterAsync(q => receiver.QueryAsync(q, Ct), 2);

        Assert.Equal(0, await receiver.StopAsync());
        var before = counter.Served;
        await counter.WaitServedAsync(before + 12, Deadline, Ct);
        var segmentsDuringOutage = Segments(agent.WalPath);

        await receiver.StartAsync(Ct);
        var served = counter.Served;
        AssertContiguous(await WaitForCounterAsync(q => receiver.QueryAsync(q, Ct), served), served);

        Assert.True(await Poll.UntilAsync(() => Task.FromResult(Segments(agent.WalPath) < segmentsDuringOutage), Deadline, Ct),
            $"the WAL kept {Segments(agent.WalPath)} segments after the receiver came back; {segmentsDuringOutage} during the outage");
        Assert.True(segmentsDuringOutage >= 3, $"the outage left only {segmentsDuringOutage} segments: the test did not grow the WAL");
    }

    [Fact]
    public async Task KilledWhileTheReceiverIsDown_restartedOnTheSameDataDirectory_deliversEverySampleScrapedBeforeTheKill()
    {
        var directory = Directory.CreateTempSubdirectory("scraper-e2e-restart-").FullName;
        try
        {
            await using var receiver = new VictoriaMetricsReceiver();
            await receiver.StartAsync(Ct);
            await using var counter = await CountingTarget.StartAsync(Ct);
            var config = Config(receiver.WriteUrl, counter.Address);
            long served;
            await using (var first = new ScraperAgent(config, directory: directory))
            {
                await first.StartAsync(Ct);
                await counter.WaitServedAsync(3, Deadline, Ct);
                await WaitForCounterAsync(q => receiver.QueryAsync(q, Ct), 2);
                Assert.Equal(0, await receiver.StopAsync());
                await counter.WaitServedAsync(counter.Served + 6, Deadline, Ct);
                await first.KillAsync();
                served = counter.Served;
            }

            await using var second = new ScraperAgent(config, directory: directory);
            await second.StartAsync(Ct);
            await receiver.StartAsync(Ct);
            // Everything scraped before the kill (the last scrape may have been cut off by it) and what comes after.
            AssertContiguous(await WaitForCounterAsync(q => receiver.QueryAsync(q, Ct), served + 2), served + 2);
        }
        finally
        {
            Directory.Delete(directory, recursive: true);
        }
    }

    [Fact]
    public async Task Sigterm_drainsTheSamplesStillQueued_thenExitsZero()
    {
        await using var receiver = new VictoriaMetricsReceiver();
        await receiver.StartAsync(Ct);
        await using var counter = await CountingTarget.StartAsync(Ct);
        // A long batch deadline keeps the last scrapes queued in the shards until the drain sends them.
        var config = Config(receiver.WriteUrl, counter.Address).Replace("batch_send_deadline: 1s", "batch_send_deadline: 5m", StringComparison.Ordinal);
        await using var agent = new ScraperAgent(config);
        await agent.StartAsync(Ct);
        await counter.WaitServedAsync(4, Deadline, Ct);

        Assert.Equal(0, await agent.StopAsync(Signals.Terminate));
        var served = counter.Served;
        // The scrape running when the signal came may have been cut off; every one before it was drained.
        var series = await WaitForCounterAsync(q => receiver.QueryAsync(q, Ct), served - 1);
        AssertContiguous(series, Max(series));
    }

    private static int Segments(string walDirectory) => WalDirectory.ListSegments(walDirectory).Count;

    /// <summary>Polls until the receiver holds the counter up to at least <paramref name="atLeast"/>; returns its raw points.</summary>
    private static async Task<QueriedSeries> WaitForCounterAsync(Func<string, Task<IReadOnlyList<QueriedSeries>>> query, long atLeast)
    {
        QueriedSeries? last = null;
        var arrived = await Poll.UntilAsync(async () =>
        {
            var result = await query(CountingTarget.Metric + "[1h]");
            last = result.Count == 1 ? result[0] : null;
            return last is not null && Max(last) >= atLeast;
        }, Deadline, Ct);
        Assert.True(arrived, $"the receiver holds the counter up to {(last is null ? "nothing" : Max(last))}, not {atLeast}");
        return last!;
    }

    private static async Task<IReadOnlyList<QueriedSeries>> WaitForAsync(Func<Task<IReadOnlyList<QueriedSeries>>> query)
    {
        IReadOnlyList<QueriedSeries> result = [];
        Assert.True(await Poll.UntilAsync(async () => (result = await query()).Count > 0, Deadline, Ct), "the receiver has no such series");
        return result;
    }

    private static long Max(QueriedSeries series) =>
        series.Points.Count == 0 ? 0 : series.Points.Max(p => long.Parse(p.Value, CultureInfo.InvariantCulture));

    /// <summary>The values 1..<paramref name="upTo"/> each once, at strictly increasing timestamps (larger values may follow).</summary>
    private static void AssertContiguous(QueriedSeries series, long upTo)
    {
        var values = series.Points.Select(p => long.Parse(p.Value, CultureInfo.InvariantCulture)).ToList();
        for (var i = 1; i < series.Points.Count; i++)
        {
            Assert.True(series.Points[i].TimestampMs > series.Points[i - 1].TimestampMs, "timestamps increase");
        }
        var expected = Enumerable.Range(1, (int)upTo).Select(v => (long)v).ToList();
        Assert.Equal(expected, values.Take((int)upTo).ToList());
    }
}
