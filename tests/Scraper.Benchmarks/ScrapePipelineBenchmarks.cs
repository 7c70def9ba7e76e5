using BenchmarkDotNet.Attributes;
using Scraper.Actors.Scrape;
using Scraper.Protocol.Model;

namespace Scraper.Benchmarks;

/// <summary>
/// One steady-state scrape through the pure scrape pipeline, as a scrape actor runs it on its thread once the body
/// is in memory: parse every line, find each series in the target's cache by its raw bytes, stage the samples and the
/// report series, and build the batch for the appender. The body is 200 series (the load benchmark's size) and its
/// values change between scrapes. Reported per scrape; the allocation is the batch handed to the appender (three
/// arrays and the message), nothing per sample.
/// </summary>
[MemoryDiagnoser]
[MinColumn]
public class ScrapePipelineBenchmarks
{
    private const string ContentType = "text/plain; version=0.0.4";
    private readonly byte[][] _bodies = [ScrapeBodies.Text(200, 0), ScrapeBodies.Text(200, 1)];
    private ScrapeResultBuilder _builder = null!;
    private long _timestamp = 1_700_000_000_000;
    private int _variant;

    [GlobalSetup]
    public void Setup()
    {
        _builder = new ScrapeResultBuilder(new ScrapeTargetConfig
        {
            TargetLabels = Labels.FromStrings("instance", "10.1.2.3:9100", "job", "app"),
        });
        for (var i = 0; i < 3; i++)
        {
            Scrape();
        }
    }

    [Benchmark]
    public int Scrape()
    {
        _timestamp += 1000;
        _variant ^= 1;
        var report = _builder.AppendScrape(_bodies[_variant], ContentType, _timestamp);
        _builder.AppendReport(_timestamp, report.Error is null, 0.001, report);
        return _builder.TakeBatch("t").Series.Length;
    }
}
