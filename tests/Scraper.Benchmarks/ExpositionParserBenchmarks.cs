using System.Globalization;
using System.Text;
using BenchmarkDotNet.Attributes;
using BenchmarkDotNet.Columns;
using BenchmarkDotNet.Configs;
using BenchmarkDotNet.Reports;
using BenchmarkDotNet.Running;
using Scraper.Protocol.Exposition;

namespace Scraper.Benchmarks;

/// <summary>
/// The scrape hot path: parsing a ~1 MiB node-exporter-like body, (a) reading every entry's value and timestamp,
/// (b) also probing a warm series cache with the raw series bytes, as a steady-state scrape does. Goal: at least
/// 200 MB/s and 0 bytes allocated per sample with the warm cache. The MB/s and B/sample columns are computed
/// from the body the benchmark parses: "MB/s" from the mean, "MB/s best" from the fastest iteration, which is the
/// figure to trust when other processes compete for the CPU.
/// </summary>
[MemoryDiagnoser]
[MinColumn]
[Config(typeof(ExpositionColumnsConfig))]
public class ExpositionParserBenchmarks
{
    private byte[] _body = [];
    private Dictionary<byte[], int> _cache = new();

    [Params(ExpositionFormat.PrometheusText, ExpositionFormat.OpenMetrics)]
    public ExpositionFormat Format { get; set; }

    [GlobalSetup]
    public void Setup()
    {
        _body = ExpositionBenchmarkBody.Get(Format);
        _cache = SeriesKeyComparer.CreateDictionary<int>();
        var lookup = _cache.GetAlternateLookup<ReadOnlySpan<byte>>();
        var p = new ExpositionParser(_body, Format);
        ExpositionEntry e;
        while ((e = p.Next()) is not ExpositionEntry.End)
        {
            if (e == ExpositionEntry.Error)
            {
                throw new InvalidOperationException(p.Error.ToString());
            }
            if (e == ExpositionEntry.Series)
            {
                lookup.TryAdd(p.Series, _cache.Count);
            }
        }
        Console.WriteLine($"// body: {_body.Length} bytes, {_cache.Count} series");
    }

    [Benchmark(Baseline = true)]
    public double ParseOnly()
    {
        var p = new ExpositionParser(_body, Format);
        double sum = 0;
        long timestamps = 0;
        ExpositionEntry e;
        while ((e = p.Next()) is not ExpositionEntry.End and not ExpositionEntry.Error)
        {
            if (e == ExpositionEntry.Series)
            {
                sum += p.Value;
                timestamps += p.TimestampMs ?? 0;
            }
        }
        return sum + timestamps;
    }

    [Benchmark]
    public long ParseWithWarmCache()
    {
        var lookup = _cache.GetAlternateLookup<ReadOnlySpan<byte>>();
        var p = new ExpositionParser(_body, Format);
        long refs = 0;
        double sum = 0;
        ExpositionEntry e;
        while ((e = p.Next()) is not ExpositionEntry.End and not ExpositionEntry.Error)
        {
            if (e == ExpositionEntry.Series && lookup.TryGetValue(p.Series, out var seriesRef))
            {
                refs += seriesRef;
                sum += p.Value;
                refs += p.TimestampMs ?? 0;
            }
        }
        return refs + (long)sum;
    }
}

/// <summary>
/// Deterministic node-exporter-like bodies: HELP/TYPE per family, CPU/network/filesystem/disk counters and gauges
/// with several labels, histograms and summaries, values in Go's float spellings, a few explicit timestamps.
/// </summary>
public static class ExpositionBenchmarkBody
{
    public const int TargetBytes = 1 << 20;

    private static readonly Dictionary<ExpositionFormat, byte[]> Bodies = [];

    public static byte[] Get(ExpositionFormat format)
    {
        lock (Bodies)
        {
            if (!Bodies.TryGetValue(format, out var body))
            {
                body = Create(format);
                Bodies[format] = body;
            }
            return body;
        }
    }

    public static int CountSamples(byte[] body)
    {
        var n = 0;
        foreach (var line in Encoding.UTF8.GetString(body).Split('\n'))
        {
            if (line.Length > 0 && line[0] != '#')
            {
                n++;
            }
        }
        return n;
    }

    private static byte[] Create(ExpositionFormat format)
    {
        var random = new Random(20240501);
        var sb = new StringBuilder(TargetBytes + 64 * 1024);
        string[] modes = ["idle", "iowait", "irq", "nice", "softirq", "steal", "system", "user"];
        string[] devices = ["eth0", "eth1", "lo", "docker0", "veth1a2b3c", "wlan0", "bond0", "ens5"];
        string[] handlers = ["/api/v1/query", "/api/v1/query_range", "/api/v1/series", "/metrics", "/-/ready"];
        double[] buckets = [0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10];
        for (var round = 0; sb.Length < TargetBytes; round++)
        {
            var suffix = round == 0 ? "" : "_" + round.ToString(CultureInfo.InvariantCulture);

            Family(sb, $"node_cpu_seconds_total{suffix}", "counter", "Seconds the CPUs spent in each mode.");
            for (var cpu = 0; cpu < 16; cpu++)
            {
                foreach (var mode in modes)
                {
                    Sample(sb, random, $"node_cpu_seconds_total{suffix}{{cpu=\"{cpu}\",mode=\"{mode}\"}}", Math.Round(random.NextDouble() * 1e6, 2), format);
                }
            }

            foreach (var m in new[] { "receive_bytes", "transmit_bytes", "receive_packets", "transmit_packets", "receive_errs", "transmit_drop" })
            {
                var name = $"node_network_{m}_total{suffix}";
                Family(sb, name, "counter", $"Network device statistic {m}.");
                foreach (var d in devices)
                {
                    Sample(sb, random, $"{name}{{device=\"{d}\"}}", Math.Floor(random.NextDouble() * 1e12), format);
                }
            }

            foreach (var m in new[] { "avail_bytes", "free_bytes", "size_bytes", "files", "files_free" })
            {
                var name = $"node_filesystem_{m}{suffix}";
                Family(sb, name, "gauge", $"Filesystem {m.Replace('_', ' ')}.");
                for (var i = 0; i < 6; i++)
                {
                    Sample(sb, random, $"{name}{{device=\"/dev/nvme0n{i}p1\",fstype=\"ext4\",mountpoint=\"/var/lib/data{i}\"}}", 4096.0 * random.Next(0, int.MaxValue), format);
                }
            }

            var hist = $"http_request_duration_seconds{suffix}";
            Family(sb, hist, "histogram", "Latency of HTTP requests.");
            foreach (var h in handlers)
            {
                var count = 0L;
                foreach (var le in buckets)
                {
                    count += random.Next(0, 500);
                    Sample(sb, random, $"{hist}_bucket{{code=\"200\",handler=\"{h}\",le=\"{Go(le)}\"}}", count, format);
                }
                Sample(sb, random, $"{hist}_bucket{{code=\"200\",handler=\"{h}\",le=\"+Inf\"}}", count, format);
                Sample(sb, random, $"{hist}_sum{{code=\"200\",handler=\"{h}\"}}", random.NextDouble() * 1e4, format);
                Sample(sb, random, $"{hist}_count{{code=\"200\",handler=\"{h}\"}}", count, format);
            }

            var summary = $"go_gc_duration_seconds{suffix}";
            Family(sb, summary, "summary", "A summary of the pause duration of garbage collection cycles.");
            foreach (var q in new[] { "0", "0.25", "0.5", "0.75", "1" })
            {
                Sample(sb, random, $"{summary}{{quantile=\"{q}\"}}", random.Next(1, 100_000) * 1e-9, format);
            }
            Sample(sb, random, $"{summary}_sum", random.NextDouble(), format);
            Sample(sb, random, $"{summary}_count", random.Next(0, 100000), format);

            foreach (var m in new[] { "go_goroutines", "go_threads", "process_open_fds", "process_resident_memory_bytes", "node_load1" })
            {
                Family(sb, m + suffix, "gauge", $"Gauge {m}.");
                Sample(sb, random, m + suffix, random.Next(0, 1 << 30), format);
            }
        }
        if (format == ExpositionFormat.OpenMetrics)
        {
            sb.Append("# EOF\n");
        }
        return Encoding.UTF8.GetBytes(sb.ToString());
    }

    private static void Family(StringBuilder sb, string name, string type, string help) =>
        sb.Append("# HELP ").Append(name).Append(' ').Append(help).Append('\n')
          .Append("# TYPE ").Append(name).Append(' ').Append(type).Append('\n');

    private static void Sample(StringBuilder sb, Random random, string series, double value, ExpositionFormat format)
    {
        sb.Append(series).Append(' ').Append(Go(value));
        if (random.Next(10) == 0)
        {
            // One line in ten carries a timestamp: milliseconds in Prometheus text, seconds in OpenMetrics.
            var ms = 1_700_000_000_000L + random.Next(0, 1_000_000);
            sb.Append(' ').Append(format == ExpositionFormat.OpenMetrics
                ? (ms / 1000.0).ToString("R", CultureInfo.InvariantCulture)
                : ms.ToString(CultureInfo.InvariantCulture));
        }
        sb.Append('\n');
    }

    /// <summary>
    /// Go's <c>FormatFloat(v, 'g', -1, 64)</c>, which exporters use for values: the shortest digits, in exponent
    /// form when the decimal exponent is below -4 or at least 6 (42, 0.0015, 1.5e-05, 1.6777216e+07).
    /// </summary>
    private static string Go(double v)
    {
        var shortest = v.ToString("R", CultureInfo.InvariantCulture);
        var e16 = v.ToString("E16", CultureInfo.InvariantCulture);
        var exponent = int.Parse(e16.AsSpan(e16.IndexOf('E', StringComparison.Ordinal) + 1), CultureInfo.InvariantCulture);
        if (v == 0 || exponent is >= -4 and < 6)
        {
            return shortest;
        }
        var e = shortest.IndexOf('E', StringComparison.Ordinal);
        var digits = (e < 0 ? shortest : shortest[..e]).Replace("-", "", StringComparison.Ordinal)
            .Replace(".", "", StringComparison.Ordinal).TrimStart('0').TrimEnd('0');
        var mantissa = digits.Length > 1 ? digits[0] + "." + digits[1..] : digits;
        return (v < 0 ? "-" : "") + mantissa + "e" + (exponent < 0 ? "-" : "+")
            + Math.Abs(exponent).ToString("00", CultureInfo.InvariantCulture);
    }
}

/// <summary>Adds throughput (MB/s of body) and allocation per sample to the summary.</summary>
public sealed class ExpositionColumnsConfig : ManualConfig
{
    public ExpositionColumnsConfig() =>
        AddColumn(new ThroughputColumn(), new BestThroughputColumn(), new BytesPerSampleColumn());

    private abstract class BodyColumn : IColumn
    {
        public abstract string Id { get; }

        public abstract string ColumnName { get; }

        public bool AlwaysShow => true;

        public ColumnCategory Category => ColumnCategory.Custom;

        public int PriorityInCategory => 0;

        public bool IsNumeric => true;

        public UnitType UnitType => UnitType.Dimensionless;

        public abstract string Legend { get; }

        public bool IsDefault(Summary summary, BenchmarkCase benchmarkCase) => false;

        public bool IsAvailable(Summary summary) => true;

        public string GetValue(Summary summary, BenchmarkCase benchmarkCase, SummaryStyle style) => GetValue(summary, benchmarkCase);

        public string GetValue(Summary summary, BenchmarkCase benchmarkCase)
        {
            var report = summary[benchmarkCase];
            if (report?.ResultStatistics is null)
            {
                return "-";
            }
            var format = (ExpositionFormat)benchmarkCase.Parameters["Format"];
            var body = ExpositionBenchmarkBody.Get(format);
            return Compute(report, body).ToString("N2", CultureInfo.InvariantCulture);
        }

        protected abstract double Compute(BenchmarkReport report, byte[] body);
    }

    private sealed class ThroughputColumn : BodyColumn
    {
        public override string Id => "Exposition.MBps";

        public override string ColumnName => "MB/s";

        public override string Legend => "Body bytes parsed per second, in 10^6 bytes";

        protected override double Compute(BenchmarkReport report, byte[] body) =>
            body.Length / (report.ResultStatistics!.Mean / 1e9) / 1e6;
    }

    private sealed class BestThroughputColumn : BodyColumn
    {
        public override string Id => "Exposition.MBpsBest";

        public override string ColumnName => "MB/s best";

        public override string Legend => "Body bytes parsed per second in the fastest iteration, in 10^6 bytes";

        protected override double Compute(BenchmarkReport report, byte[] body) =>
            body.Length / (report.ResultStatistics!.Min / 1e9) / 1e6;
    }

    private sealed class BytesPerSampleColumn : BodyColumn
    {
        public override string Id => "Exposition.BytesPerSample";

        public override string ColumnName => "B/sample";

        public override string Legend => "Bytes allocated per parsed sample";

        protected override double Compute(BenchmarkReport report, byte[] body) =>
            (double)report.GcStats.GetBytesAllocatedPerOperation(report.BenchmarkCase)! / ExpositionBenchmarkBody.CountSamples(body);
    }
}
