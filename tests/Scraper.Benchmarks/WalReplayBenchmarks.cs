using BenchmarkDotNet.Attributes;
using Scraper.Protocol.Model;
using Scraper.Wal;

namespace Scraper.Benchmarks;

/// <summary>
/// Reading a WAL back: a watcher's loop (read every record, decode series and samples into reused lists) and the
/// open-time replay into the series map. The WAL holds 10,000 growing counters scraped 500 times (5 M samples,
/// one samples record of 10,000 per scrape), compressed. Reported per sample; MB/s = bytes / sample x samples/s
/// (the setup prints the bytes per sample, which is also the on-disk size figure).
/// </summary>
[MemoryDiagnoser]
public class WalReplayBenchmarks
{
    private const int SeriesCount = 10_000;
    private const int Scrapes = 500;
    private const int Samples = SeriesCount * Scrapes;

    private string _dir = string.Empty;
    private readonly List<RefSample> _samples = new(SeriesCount);
    private readonly List<RefSeries> _series = new(SeriesCount);
    private readonly RecordDecoder _decoder = new();

    [GlobalSetup]
    public void Setup()
    {
        _dir = Directory.CreateTempSubdirectory("wal-bench-replay-").FullName;
        var rng = new Random(2);
        var values = new double[SeriesCount];
        using (var w = WalWriter.Open(new WalWriterOptions { Directory = _dir, Compress = true, SyncPolicy = WalSyncPolicy.Never }))
        {
            for (var i = 0; i < SeriesCount; i++)
            {
                w.AppendSeries((ulong)i + 1, Labels.FromStrings(
                    "__name__", "http_requests_total", "job", "api", "instance", "10.0.0." + (i % 50) + ":8080", "path", "/p/" + i));
            }
            var t = 1_700_000_000_000L;
            for (var s = 0; s < Scrapes; s++, t += 15_000)
            {
                for (var i = 0; i < SeriesCount; i++)
                {
                    values[i] += rng.Next(0, 50);
                    w.AppendSample((ulong)i + 1, t + rng.Next(0, 3), values[i]);
                }
                w.Commit();
            }
        }
        var bytes = WalDirectory.Size(_dir);
        Console.WriteLine($"// WAL: {Samples} samples of {SeriesCount} growing counters, {bytes} bytes on disk, {(double)bytes / Samples:F3} bytes/sample");
    }

    [Benchmark(OperationsPerInvoke = Samples)]
    public long ReadAndDecode()
    {
        long n = 0;
        using var reader = new WalReader(_dir, default, WalReaderOptions.SealedAll);
        while (reader.Next() == WalReadStatus.Record)
        {
            switch (reader.RecordType)
            {
                case WalRecordType.Samples:
                    _samples.Clear();
                    RecordDecoder.DecodeSamples(reader.Record, _samples);
                    n += _samples.Count;
                    break;
                case WalRecordType.Series:
                    _series.Clear();
                    _decoder.DecodeSeries(reader.Record, _series);
                    break;
            }
        }
        return n;
    }

    [Benchmark(OperationsPerInvoke = Samples)]
    public long ReplayIntoSeriesRefs()
    {
        var series = new SeriesRefs();
        var result = WalReplay.Run(_dir, series, new WalMetrics(), null, TimeProvider.System);
        return result.Samples;
    }

    [GlobalCleanup]
    public void Cleanup() => Directory.Delete(_dir, recursive: true);
}
