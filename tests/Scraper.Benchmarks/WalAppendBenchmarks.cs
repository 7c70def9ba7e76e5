using BenchmarkDotNet.Attributes;
using Scraper.Protocol.Model;
using Scraper.Wal;

namespace Scraper.Benchmarks;

/// <summary>
/// WAL append throughput: batches of 1,000 samples of cached series (refs known, no series records), one commit per
/// batch, fsync every second (the writer's Interval policy, with the owner's timer call after each commit). Reported
/// per sample: samples/s = 1e9 / Mean(ns). Goal: at least 3 million samples/s on one core.
/// </summary>
[MemoryDiagnoser]
public class WalAppendBenchmarks
{
    private const int BatchSize = 1000;
    private const int SeriesCount = 10_000;

    private string _dir = string.Empty;
    private WalWriter _writer = null!;
    private ulong[] _refs = [];
    private double[] _values = [];
    private readonly Random _rng = new(1);
    private int _next;
    private long _timestamp = 1_700_000_000_000;
    private int _segment;

    [Params(true, false)]
    public bool Compress { get; set; }

    [GlobalSetup]
    public void Setup()
    {
        _dir = Directory.CreateTempSubdirectory("wal-bench-append-").FullName;
        _writer = WalWriter.Open(new WalWriterOptions
        {
            Directory = _dir,
            Compress = Compress,
            SyncPolicy = WalSyncPolicy.Interval,
            SyncInterval = TimeSpan.FromSeconds(1),
        });
        var series = new SeriesRefs();
        _refs = new ulong[SeriesCount];
        _values = new double[SeriesCount];
        for (var i = 0; i < SeriesCount; i++)
        {
            var labels = Labels.FromStrings(
                "__name__", "http_requests_total", "job", "api", "instance", "10.0.0." + (i % 50) + ":8080", "path", "/p/" + i);
            _refs[i] = series.GetOrCreate(labels, out _);
            _writer.AppendSeries(_refs[i], labels);
            _values[i] = _rng.Next(0, 1_000_000);
        }
        _writer.Commit();
        _segment = _writer.Segment;
    }

    [Benchmark(OperationsPerInvoke = BatchSize)]
    public void AppendBatchOf1000AndCommit()
    {
        for (var i = 0; i < BatchSize; i++)
        {
            var s = _next++;
            if (_next == SeriesCount)
            {
                _next = 0;
                _timestamp += 15_000;
            }
            // Counters that grow by a small amount each scrape.
            _values[s] += s & 15;
            _writer.AppendSample(_refs[s], _timestamp, _values[s]);
        }
        _writer.Commit();
        _writer.SyncIfDue();
        if (_writer.Segment != _segment)
        {
            // Keep the disk from filling during long runs: drop finished segments (truncation's job in the agent).
            _segment = _writer.Segment;
            _writer.TruncateSegmentsBefore(_segment);
        }
    }

    [GlobalCleanup]
    public void Cleanup()
    {
        _writer.Dispose();
        Directory.Delete(_dir, recursive: true);
    }
}
