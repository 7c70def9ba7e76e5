using System.Collections.Immutable;
using System.Text;
using Scraper.Actors.Scrape;
using Scraper.Actors.Wal;
using Scraper.Protocol.Model;
using Scraper.Protocol.Relabel;

namespace Scraper.Actors.Tests.Scrape;

public sealed class ScrapeResultBuilderTests
{
    private const string Text = "text/plain; version=0.0.4";
    private static readonly Labels Target = Labels.FromStrings("instance", "t:1", "job", "j");

    private static ScrapeResultBuilder Builder(ScrapeTargetConfig? config = null) =>
        new(config ?? new ScrapeTargetConfig { TargetLabels = Target });

    private static List<(Labels Labels, long T, double V)> Take(ScrapeResultBuilder b)
    {
        var batch = b.TakeBatch("t");
        return [.. batch.Series.Select((l, i) => (l, batch.TimestampsMs[i], batch.Values[i]))];
    }

    private static ScrapeReport Scrape(ScrapeResultBuilder b, string body, long t, string contentType = Text) =>
        b.AppendScrape(Encoding.UTF8.GetBytes(body), contentType, t);

    [Fact]
    public void AppendScrape_stages_samples_with_target_labels_at_the_scrape_time()
    {
        var b = Builder();
        var report = Scrape(b, "# TYPE a counter\na_total 3\nb{x=\"1\"} 4.5\n", 1000);
        Assert.Null(report.Error);
        Assert.Equal((2, 2, 2), (report.Scraped, report.PostRelabel, report.SeriesAdded));
        var samples = Take(b);
        Assert.Equal(
            [(Labels.FromStrings("__name__", "a_total", "instance", "t:1", "job", "j"), 1000L, 3.0), (Labels.FromStrings("__name__", "b", "x", "1", "instance", "t:1", "job", "j"), 1000L, 4.5)],
            samples);
    }

    [Fact]
    public void AppendScrape_parses_openmetrics_by_content_type()
    {
        var b = Builder();
        var report = Scrape(b, "# TYPE a counter\na_total 3 1.5\n# EOF\n", 1000, "application/openmetrics-text; version=1.0.0");
        Assert.Null(report.Error);
        Assert.Equal((1500L, 3.0), Take(b).Select(s => (s.T, s.V)).Single());
    }

    [Fact]
    public void AppendScrape_of_an_unchanged_series_reuses_its_cached_labels_without_allocating()
    {
        var b = Builder();
        var body = Encoding.UTF8.GetBytes(string.Concat(Enumerable.Range(0, 200).Select(i => $"m{{i=\"{i}\"}} {i}\n")));
        b.AppendScrape(body, Text, 1000);
        var first = Take(b);
        b.AppendScrape(body, Text, 2000);
        var second = b.TakeBatch("t");

        var before = GC.GetAllocatedBytesForCurrentThread();
        var report = b.AppendScrape(body, Text, 3000);
        var allocated = GC.GetAllocatedBytesForCurrentThread() - before;

        Assert.Equal(0, report.SeriesAdded);
        Assert.Equal(0, allocated);
        for (var i = 0; i < 200; i++)
        {
            Assert.Same(first[i].Labels, second.Series[i]);
        }
    }

    [Fact]
    public void AppendScrape_marks_vanished_series_stale_with_the_exact_bit_pattern()
    {
        var b = Builder();
        Scrape(b, "a 1\nb 2\n", 1000);
        Take(b);
        Scrape(b, "a 1\n", 2000);
        var samples = Take(b);
        var stale = Assert.Single(samples, s => s.Labels.MetricName == "b");
        Assert.Equal(2000, stale.T);
        Assert.Equal(StaleMarker.Bits, BitConverter.DoubleToUInt64Bits(stale.V));
        Assert.DoesNotContain(samples, s => s.Labels.MetricName == "a" && StaleMarker.Is(s.V));
    }

    [Fact]
    public void AppendScrape_with_a_parse_error_keeps_nothing_and_makes_everything_stale()
    {
        var b = Builder();
        Scrape(b, "a 1\nb 2\n", 1000);
        Take(b);
        var report = Scrape(b, "a 1\nc 3\nb{x=} 2\n", 2000);
        Assert.StartsWith("line 3: ", report.Error);
        var samples = Take(b);
        Assert.Equal(["a", "b"], samples.Select(s => s.Labels.MetricName).Order());
        Assert.All(samples, s => Assert.True(StaleMarker.Is(s.V)));
        Assert.Equal(2, report.Scraped);
    }

    [Fact]
    public void AppendScrape_with_a_repeated_label_name_fails_with_its_line()
    {
        var report = Scrape(Builder(), "a 1\nb{x=\"1\",x=\"2\"} 2\n", 1000);
        Assert.Equal("line 2: label name \"x\" is not unique", report.Error);
    }

    [Fact]
    public void AppendScrape_after_a_failure_does_not_repeat_stale_markers()
    {
        var b = Builder();
        Scrape(b, "a 1\n", 1000);
        Take(b);
        b.AppendFailure(2000);
        Assert.Single(Take(b));
        b.AppendFailure(3000);
        Assert.Empty(Take(b));
        Scrape(b, "a 1\n", 4000);
        Assert.Equal((4000L, 1.0), Take(b).Select(s => (s.T, s.V)).Single());
    }

    [Fact]
    public void AppendScrape_over_the_sample_limit_fails_and_says_where()
    {
        var b = Builder(new ScrapeTargetConfig { TargetLabels = Target, SampleLimit = 2 });
        var report = Scrape(b, "a 1\nb 2\nc 3\nd 4\n", 1000);
        Assert.True(report.SampleLimitExceeded);
        Assert.Equal("line 3: sample limit exceeded (limit: 2)", report.Error);
        Assert.Equal(4, report.Scraped);
        Assert.Empty(Take(b));
        Assert.Null(Scrape(b, "a 1\nb 2\n", 2000).Error);
    }

    [Theory]
    [InlineData(2, 0, 0, "line 1: label_limit exceeded (metric: a, number of labels: 3, limit: 2)")]
    [InlineData(0, 3, 0, "line 1: label_name_length_limit exceeded (metric: a, label name: __name__, length: 8, limit: 3)")]
    [InlineData(0, 0, 2, "line 1: label_value_length_limit exceeded (metric: a, label name: instance, value: \"t:1\", length: 3, limit: 2)")]
    public void AppendScrape_over_a_label_limit_fails_with_prometheus_message(long labels, long nameLength, long valueLength, string expected)
    {
        var b = Builder(new ScrapeTargetConfig { TargetLabels = Target, LabelLimits = new LabelLimits(labels, nameLength, valueLength) });
        var report = Scrape(b, "a 1\n", 1000);
        Assert.True(report.LabelLimitExceeded);
        Assert.Equal(expected, report.Error);
        Assert.Empty(Take(b));
    }

    [Fact]
    public void AppendScrape_honors_timestamps_only_when_configured()
    {
        var honoring = Builder();
        Scrape(honoring, "a 1 500\n", 1000);
        Assert.Equal(500, Take(honoring).Single().T);

        var ignoring = Builder(new ScrapeTargetConfig { TargetLabels = Target, HonorTimestamps = false });
        Scrape(ignoring, "a 1 500\n", 1000);
        Assert.Equal(1000, Take(ignoring).Single().T);
    }

    [Fact]
    public void AppendScrape_does_not_mark_series_with_explicit_timestamps_stale()
    {
        var b = Builder();
        Scrape(b, "a 1 500\nb 1\n", 1000);
        Take(b);
        Scrape(b, "c 1\n", 2000);
        var stale = Take(b).Where(s => StaleMarker.Is(s.V)).Select(s => s.Labels.MetricName);
        Assert.Equal(["b"], stale);
    }

    [Fact]
    public void AppendScrape_drops_and_counts_older_explicit_timestamps()
    {
        var b = Builder();
        Scrape(b, "a 1 500\n", 1000);
        Take(b);
        var report = Scrape(b, "a 2 400\n", 2000);
        Assert.Equal(1, report.OutOfOrder);
        Assert.Empty(Take(b));
    }

    [Fact]
    public void AppendScrape_drops_and_counts_a_series_repeated_without_timestamp()
    {
        var b = Builder();
        var report = Scrape(b, "a 1\na 2\n", 1000);
        Assert.Null(report.Error);
        Assert.Equal(1, report.Duplicates);
        Assert.Equal(1.0, Take(b).Single().V);
    }

    [Fact]
    public void AppendScrape_counts_samples_dropped_by_metric_relabeling()
    {
        ImmutableArray<RelabelConfig> drop = [new() { SourceLabels = ["__name__"], RegexPattern = "b", Regex = RelabelConfig.CompileAnchored("b"), Action = RelabelAction.Drop }];
        var b = Builder(new ScrapeTargetConfig { TargetLabels = Target, MetricRelabelConfigs = drop });
        var report = Scrape(b, "a 1\nb 2\n", 1000);
        Assert.Equal((2, 1), (report.Scraped, report.PostRelabel));
        Assert.Equal(["a"], Take(b).Select(s => s.Labels.MetricName));
    }

    [Fact]
    public void AppendScrape_fails_when_relabeling_leaves_an_invalid_name()
    {
        ImmutableArray<RelabelConfig> rules = [new() { TargetLabel = "__name__", Replacement = "bad-name", Action = RelabelAction.Replace }];
        var report = Scrape(Builder(new ScrapeTargetConfig { TargetLabels = Target, MetricRelabelConfigs = rules }), "a 1\n", 1000);
        Assert.StartsWith("line 1: invalid metric name or label names: {__name__=\"bad-name\"", report.Error);
    }

    [Fact]
    public void AppendScrape_fails_when_relabeling_removes_the_metric_name()
    {
        ImmutableArray<RelabelConfig> rules = [new() { RegexPattern = "__name__", Regex = RelabelConfig.CompileAnchored("__name__"), Action = RelabelAction.LabelDrop }];
        var report = Scrape(Builder(new ScrapeTargetConfig { TargetLabels = Target, MetricRelabelConfigs = rules }), "a 1\n", 1000);
        Assert.Equal("line 1: missing metric name (__name__ label)", report.Error);
    }

    [Fact]
    public void AppendReport_writes_the_five_report_series()
    {
        var b = Builder();
        var report = Scrape(b, "a 1\nb 2\n", 1000);
        Take(b);
        b.AppendReport(1000, up: true, 0.25, report);
        var samples = Take(b).ToDictionary(s => s.Labels.MetricName, s => s.V);
        Assert.Equal(1, samples["up"]);
        Assert.Equal(0.25, samples["scrape_duration_seconds"]);
        Assert.Equal(2, samples["scrape_samples_scraped"]);
        Assert.Equal(2, samples["scrape_samples_post_metric_relabeling"]);
        Assert.Equal(2, samples["scrape_series_added"]);
    }

    [Fact]
    public void AppendRetirement_marks_series_and_report_series_stale()
    {
        var b = Builder();
        Scrape(b, "a 1\n", 1000);
        Take(b);
        b.AppendRetirement(1500);
        var samples = Take(b);
        Assert.Equal(["a", "scrape_duration_seconds", "scrape_samples_post_metric_relabeling", "scrape_samples_scraped", "scrape_series_added", "up"],
            samples.Select(s => s.Labels.MetricName).Order(StringComparer.Ordinal));
        Assert.All(samples, s => Assert.Equal((1500L, StaleMarker.Bits), (s.T, BitConverter.DoubleToUInt64Bits(s.V))));
    }

    [Fact]
    public void Reconfigure_with_new_target_labels_marks_only_changed_series_stale()
    {
        var b = Builder(new ScrapeTargetConfig { TargetLabels = Target, HonorLabels = true });
        Scrape(b, "a{job=\"x\"} 1\nb 2\n", 1000);
        Take(b);
        // honor_labels off: a's exposed job now loses to the target's, b keeps its labels.
        b.Reconfigure(new ScrapeTargetConfig { TargetLabels = Target, HonorLabels = false });
        Scrape(b, "a{job=\"x\"} 1\nb 2\n", 2000);
        var samples = Take(b);
        var stale = Assert.Single(samples, s => StaleMarker.Is(s.V));
        Assert.Equal(Labels.FromStrings("__name__", "a", "instance", "t:1", "job", "x"), stale.Labels);
        Assert.Contains(samples, s => s.Labels.Get("exported_job") == "x" && s.V == 1);
    }

    [Fact]
    public void TakeBatch_produces_parallel_arrays()
    {
        var b = Builder();
        Scrape(b, "a 1\n", 1000);
        AppendSamples batch = b.TakeBatch("target-1");
        Assert.Equal("target-1", batch.TargetId);
        Assert.Equal(batch.Series.Length, batch.TimestampsMs.Length);
        Assert.Equal(batch.Series.Length, batch.Values.Length);
        Assert.Equal(0, b.Count);
    }
}
