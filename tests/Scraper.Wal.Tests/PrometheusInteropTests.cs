using System.Globalization;
using System.Text;
using Scraper.Protocol.Model;
using Scraper.TestSupport;

namespace Scraper.Wal.Tests;

/// <summary>
/// Interoperability with a real Prometheus 2.42 agent (Debian's /usr/bin/prometheus): we read the WAL it writes,
/// it replays a WAL we write, and both store the same samples in about the same bytes.
/// </summary>
public sealed class PrometheusInteropTests : IDisposable
{
    private readonly TempDirectory _tmp = new();

    private sealed record Content(Dictionary<ulong, Labels> Series, List<RefSample> Samples, HashSet<WalRecordType> Types, long Bytes);

    /// <summary>All series and samples of a WAL directory, and the bytes up to the end of its last record.</summary>
    private static Content Read(string dir, bool sealedWal)
    {
        var series = new Dictionary<ulong, Labels>();
        var samples = new List<RefSample>();
        var types = new HashSet<WalRecordType>();
        var decoder = new RecordDecoder();
        var seriesList = new List<RefSeries>();
        long bytes = 0;
        var lastSegment = -1;
        var lastEnd = 0L;
        using var reader = new WalReader(dir, default, sealedWal ? WalReaderOptions.SealedAll : WalReaderOptions.Live);
        while (reader.Next() == WalReadStatus.Record)
        {
            if (reader.RecordStart.Segment != lastSegment)
            {
                bytes += lastEnd;
                lastSegment = reader.RecordStart.Segment;
            }
            lastEnd = reader.Position.Offset;
            types.Add(reader.RecordType);
            switch (reader.RecordType)
            {
                case WalRecordType.Series:
                    seriesList.Clear();
                    decoder.DecodeSeries(reader.Record, seriesList);
                    foreach (var s in seriesList)
                    {
                        series[s.Ref] = s.Labels;
                    }
                    break;
                case WalRecordType.Samples:
                    RecordDecoder.DecodeSamples(reader.Record, samples);
                    break;
            }
        }
        return new Content(series, samples, types, bytes + lastEnd);
    }

    /// <summary>A scrape target answering scrape number n (from 1) with <paramref name="body"/>(n).</summary>
    private static Task<TestHttpServer> ScrapeTarget(Func<int, string> body, CancellationToken ct)
    {
        var scrapes = 0;
        return TestHttpServer.StartAsync(
            context => TestHttpServer.Write(context, body(Interlocked.Increment(ref scrapes)), "text/plain; version=0.0.4"), ct);
    }

    private static string ScrapeConfig(string target, string interval = "1s") =>
        $"""
        global:
          scrape_interval: {interval}
        scrape_configs:
          - job_name: interop
            static_configs:
              - targets: ['{target}']
        """;

    [Fact]
    public async Task Reader_walWrittenByPrometheusAgent_decodesItsSeriesAndSamples()
    {
        var ct = TestContext.Current.CancellationToken;
        await using var target = await ScrapeTarget(n => string.Create(
            CultureInfo.InvariantCulture,
            $"# TYPE interop_counter_total counter\ninterop_counter_total{{kind=\"a\"}} {n * 10}\n# TYPE interop_gauge gauge\ninterop_gauge 42.5\n"), ct);
        await using var prometheus = new PrometheusAgent(ScrapeConfig(target.Address), _tmp.Path);
        await prometheus.StartAsync(ct);
        var counter = Labels.FromStrings("__name__", "interop_counter_total", "instance", target.Address, "job", "interop", "kind", "a");

        // Poll the WAL it is writing (with our live reader) until three scrapes of the counter are in.
        var found = await Poll.UntilAsync(
            () =>
            {
                if (!Directory.Exists(prometheus.WalPath))
                {
                    return Task.FromResult(false);
                }
                var live = Read(prometheus.WalPath, sealedWal: false);
                var refs = live.Series.Where(s => s.Value == counter).Select(s => s.Key).ToHashSet();
                return Task.FromResult(live.Samples.Count(s => refs.Contains(s.Ref)) >= 3);
            },
            TimeSpan.FromSeconds(60),
            ct);
        Assert.True(found, "Prometheus wrote no counter samples within a minute:\n" + prometheus.Output);
        await prometheus.StopAsync();

        var wal = Read(prometheus.WalPath, sealedWal: true);
        var counterRef = Assert.Single(wal.Series, s => s.Value == counter).Key;
        var values = wal.Samples.Where(s => s.Ref == counterRef).ToList();
        Assert.True(values.Count >= 3);
        // Each scrape served n*10 for scrape n; the samples are such values, increasing with time.
        Assert.All(values, v => Assert.Equal(0, v.V % 10));
        Assert.Equal(values.OrderBy(v => v.T).Select(v => v.V), values.Select(v => v.V).Order());
        var gaugeRef = Assert.Single(wal.Series, s => s.Value.MetricName == "interop_gauge").Key;
        Assert.All(wal.Samples.Where(s => s.Ref == gaugeRef), s => Assert.Equal(42.5, s.V));
        var upRef = Assert.Single(wal.Series, s => s.Value.MetricName == "up").Key;
        Assert.All(wal.Samples.Where(s => s.Ref == upRef), s => Assert.Equal(1, s.V));
        Assert.Subset(new HashSet<WalRecordType> { WalRecordType.Series, WalRecordType.Samples }, wal.Types);
        Assert.DoesNotContain(WalRecordType.Unknown, wal.Types);

        // Prometheus 2.42 agent compresses its WAL by default; the documentation-only reader agrees with ours.
        var fragments = WalDirectory.ListSegments(prometheus.WalPath)
            .SelectMany(s => SpecReader.Fragments(WalFormat.SegmentPath(prometheus.WalPath, s))).ToList();
        Assert.Contains(fragments, f => f.Snappy);
        var spec = SpecReader.Records(prometheus.WalPath).Where(r => r[0] == 2).SelectMany(SpecReader.DecodeSamples).ToList();
        Assert.Equal(wal.Samples.Select(s => (s.Ref, s.T, s.V)), spec.Select(s => (s.Ref, s.T, s.V)));
    }

    [Fact]
    public async Task Prometheus_replaysAWalWeWrote()
    {
        var ct = TestContext.Current.CancellationToken;
        const int seriesCount = 57;
        var wal = Path.Combine(_tmp.Path, "data", "wal");
        var now = DateTimeOffset.UtcNow.ToUnixTimeMilliseconds();
        using (var w = WalTestData.OpenWriter(wal, compress: true, segmentSize: WalFormat.PageSize))
        {
            var series = new SeriesRefs();
            for (var scrape = 0; scrape < 60; scrape++)
            {
                for (var i = 0; i < seriesCount; i++)
                {
                    var labels = Labels.FromStrings(
                        "__name__", "ours_total", "job", "ours", "instance", "x:1", "i", i.ToString(CultureInfo.InvariantCulture));
                    var r = series.GetOrCreate(labels, out var created);
                    if (created)
                    {
                        w.AppendSeries(r, labels);
                    }
                    w.AppendSample(r, now - ((60 - scrape) * 1000), Math.Sqrt((scrape * 1000) + i));
                }
                w.Commit();
            }
            Assert.True(w.Segment >= 1, "the WAL should span segments");
        }

        // An agent with nothing to scrape: what it reports as active series comes from replaying our WAL.
        await using var prometheus = new PrometheusAgent("global:\n  scrape_interval: 1m\nscrape_configs: []\n", _tmp.Path);
        await prometheus.StartAsync(ct);
        double? active = null;
        var up = await Poll.UntilAsync(
            async () => (active = await prometheus.MetricSumAsync("prometheus_agent_active_series", ct)) is not null,
            TimeSpan.FromSeconds(60),
            ct);
        Assert.True(up, "Prometheus did not come up:\n" + prometheus.Output);
        Assert.Equal(seriesCount, active);
        Assert.Equal(0, await prometheus.MetricSumAsync("prometheus_tsdb_wal_corruptions_total", ct) ?? 0);
        await prometheus.StopAsync();

        var log = prometheus.Output;
        Assert.Contains("WAL segment loaded", log, StringComparison.Ordinal);
        Assert.DoesNotContain("error", log, StringComparison.OrdinalIgnoreCase);
        Assert.DoesNotContain("repair", log, StringComparison.OrdinalIgnoreCase);

        // And we can open the WAL again after Prometheus added its own segment.
        var replayed = new SeriesRefs();
        using var again = WalTestData.OpenWriter(wal, series: replayed);
        Assert.Equal(seriesCount, replayed.Count);
        Assert.Empty(again.Replay.Repairs);
    }

    [Fact]
    public async Task BytesPerSample_growingCounters_oursNoMoreThanPrometheus()
    {
        var ct = TestContext.Current.CancellationToken;
        const int seriesCount = 500;
        const int scrapes = 6;
        var rng = new Random(3);
        var values = new double[seriesCount];
        await using var target = await ScrapeTarget(_ =>
        {
            var sb = new StringBuilder("# TYPE app_requests_total counter\n");
            lock (values)
            {
                for (var i = 0; i < seriesCount; i++)
                {
                    values[i] += rng.Next(0, 50);
                    sb.Append(CultureInfo.InvariantCulture, $"app_requests_total{{path=\"/api/v1/item/{i}\",code=\"200\",method=\"GET\"}} {values[i]}\n");
                }
            }
            return sb.ToString();
        }, ct);
        await using var prometheus = new PrometheusAgent(ScrapeConfig(target.Address), _tmp.Path);
        await prometheus.StartAsync(ct);
        var enough = await Poll.UntilAsync(
            () => Task.FromResult(Directory.Exists(prometheus.WalPath) && Read(prometheus.WalPath, sealedWal: false).Samples.Count >= scrapes * (seriesCount + 5)),
            TimeSpan.FromSeconds(90),
            ct);
        Assert.True(enough, "Prometheus did not scrape enough:\n" + prometheus.Output);
        await prometheus.StopAsync();
        var theirs = Read(prometheus.WalPath, sealedWal: true);

        // Write the very same records with our writer: one series record with every series, then per scrape one
        // samples record (Prometheus writes one of each per scrape; series first appear in the first scrape).
        var ours = Path.Combine(_tmp.Path, "ours");
        using (var w = WalTestData.OpenWriter(ours, compress: true))
        {
            var written = new HashSet<ulong>();
            foreach (var scrape in theirs.Samples.GroupBy(s => s.T).OrderBy(g => g.Key))
            {
                foreach (var s in scrape)
                {
                    if (written.Add(s.Ref))
                    {
                        w.AppendSeries(s.Ref, theirs.Series[s.Ref]);
                    }
                }
                w.AppendSamples(scrape.ToArray());
                w.Commit();
            }
        }
        var mine = Read(ours, sealedWal: true);
        Assert.Equal(theirs.Samples.Count, mine.Samples.Count);

        var theirsPerSample = (double)theirs.Bytes / theirs.Samples.Count;
        var minePerSample = (double)mine.Bytes / mine.Samples.Count;
        TestContext.Current.TestOutputHelper?.WriteLine(
            $"{theirs.Samples.Count} samples of {theirs.Series.Count} series: Prometheus {theirs.Bytes} bytes ({theirsPerSample:F2} B/sample), ours {mine.Bytes} bytes ({minePerSample:F2} B/sample)");
        Assert.True(mine.Bytes <= theirs.Bytes, $"ours {mine.Bytes} bytes > Prometheus {theirs.Bytes} bytes");
    }

    public void Dispose() => _tmp.Dispose();
}
