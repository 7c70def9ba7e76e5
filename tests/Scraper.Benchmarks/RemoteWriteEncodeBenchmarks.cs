using System.Globalization;
using BenchmarkDotNet.Attributes;
using BenchmarkDotNet.Columns;
using BenchmarkDotNet.Configs;
using BenchmarkDotNet.Reports;
using BenchmarkDotNet.Running;
using Google.Protobuf;
using Scraper.Protocol.Model;
using Scraper.Protocol.RemoteWrite;
using Snappier;
using V1 = Scraper.Protocol.Proto.V1;
using V2 = Scraper.Protocol.Proto.V2;

namespace Scraper.Benchmarks;

/// <summary>
/// One remote-write send: fill a reused batch with 2,000 samples, encode 1.0 or 2.0 protobuf, snappy-compress.
/// Shapes: 2,000 series x 1 sample (what a real send looks like) and 200 series x 10 samples. The
/// <c>GeneratedMessages</c> baseline builds the generated message objects and serializes them instead.
/// The extra column gives the compressed bytes per sample on the wire. Min and median are shown because the
/// build machines here are shared: the minimum is the figure least disturbed by neighbours.
/// </summary>
[MemoryDiagnoser]
[MinColumn]
[MedianColumn]
[Config(typeof(Config))]
public class RemoteWriteEncodeBenchmarks
{
    private Labels[] _series = [];
    private RemoteWriteBatch _batch = new();
    private RemoteWriteEncoder _encoder = new();
    private int _samplesPerSeries;

    /// <summary>series x samples per series.</summary>
    [Params("2000x1", "200x10")]
    public string Shape { get; set; } = "2000x1";

    [Params(RemoteWriteProtoMessage.V1WriteRequest, RemoteWriteProtoMessage.V2Request)]
    public RemoteWriteProtoMessage Message { get; set; }

    [GlobalSetup]
    public void Setup()
    {
        (_series, _samplesPerSeries) = MakeSeries(Shape);
        _batch = new RemoteWriteBatch(2000);
        _encoder = new RemoteWriteEncoder();
    }

    [GlobalCleanup]
    public void Cleanup() => _encoder.Dispose();

    [Benchmark]
    public int BatchEncoder()
    {
        _batch.Clear();
        Fill(_batch, _series, _samplesPerSeries);
        return _encoder.Encode(_batch, Message).Length;
    }

    [Benchmark(Baseline = true)]
    public int GeneratedMessages()
    {
        IMessage message = Message == RemoteWriteProtoMessage.V1WriteRequest
            ? BuildV1(_series, _samplesPerSeries)
            : BuildV2(_series, _samplesPerSeries);
        return Snappy.CompressToArray(message.ToByteArray()).Length;
    }

    internal static (Labels[] Series, int SamplesPerSeries) MakeSeries(string shape)
    {
        var parts = shape.Split('x');
        var count = int.Parse(parts[0], CultureInfo.InvariantCulture);
        var series = new Labels[count];
        for (var i = 0; i < count; i++)
        {
            // About 8 labels, shaped like node_exporter behind a typical relabel setup.
            series[i] = Labels.FromStrings(
                "__name__", $"node_cpu_seconds_total_{i % 40}",
                "job", "node",
                "instance", $"10.0.{i / 250}.{i % 250}:9100",
                "cpu", (i % 16).ToString(CultureInfo.InvariantCulture),
                "mode", (i % 4) switch { 0 => "idle", 1 => "user", 2 => "system", _ => "iowait" },
                "env", "production",
                "region", "eu-west-1",
                "cluster", "k8s-prod-01");
        }
        return (series, int.Parse(parts[1], CultureInfo.InvariantCulture));
    }

    internal static void Fill(RemoteWriteBatch batch, Labels[] series, int samplesPerSeries)
    {
        const long Start = 1_700_000_000_000;
        for (var t = 0; t < samplesPerSeries; t++)
        {
            for (var i = 0; i < series.Length; i++)
            {
                batch.Add(series[i], Start + (t * 15_000), (i * 17.5) + t);
            }
        }
    }

    private static V1.WriteRequest BuildV1(Labels[] series, int samplesPerSeries)
    {
        const long Start = 1_700_000_000_000;
        var request = new V1.WriteRequest();
        for (var i = 0; i < series.Length; i++)
        {
            var ts = new V1.TimeSeries();
            foreach (var l in series[i])
            {
                ts.Labels.Add(new V1.Label { Name = l.Name, Value = l.Value });
            }
            for (var t = 0; t < samplesPerSeries; t++)
            {
                ts.Samples.Add(new V1.Sample { Timestamp = Start + (t * 15_000), Value = (i * 17.5) + t });
            }
            request.Timeseries.Add(ts);
        }
        return request;
    }

    private static V2.Request BuildV2(Labels[] series, int samplesPerSeries)
    {
        const long Start = 1_700_000_000_000;
        var request = new V2.Request();
        var symbols = new Dictionary<string, uint>(StringComparer.Ordinal);
        uint Symbol(string s)
        {
            if (!symbols.TryGetValue(s, out var r))
            {
                r = (uint)symbols.Count;
                symbols[s] = r;
                request.Symbols.Add(s);
            }
            return r;
        }
        Symbol(string.Empty);
        for (var i = 0; i < series.Length; i++)
        {
            var ts = new V2.TimeSeries();
            foreach (var l in series[i])
            {
                ts.LabelsRefs.Add(Symbol(l.Name));
                ts.LabelsRefs.Add(Symbol(l.Value));
            }
            for (var t = 0; t < samplesPerSeries; t++)
            {
                ts.Samples.Add(new V2.Sample { Timestamp = Start + (t * 15_000), Value = (i * 17.5) + t });
            }
            request.Timeseries.Add(ts);
        }
        return request;
    }

    private sealed class Config : ManualConfig
    {
        public Config() => AddColumn(new WireBytesPerSampleColumn());
    }

    /// <summary>Compressed body bytes divided by samples, for the benchmark's shape and message.</summary>
    private sealed class WireBytesPerSampleColumn : IColumn
    {
        public string Id => nameof(WireBytesPerSampleColumn);

        public string ColumnName => "Wire B/sample";

        public bool AlwaysShow => true;

        public ColumnCategory Category => ColumnCategory.Custom;

        public int PriorityInCategory => 0;

        public bool IsNumeric => true;

        public UnitType UnitType => UnitType.Dimensionless;

        public string Legend => "Snappy-compressed request bytes per sample";

        public string GetValue(Summary summary, BenchmarkCase benchmarkCase) => GetValue(summary, benchmarkCase, SummaryStyle.Default);

        public string GetValue(Summary summary, BenchmarkCase benchmarkCase, SummaryStyle style)
        {
            var shape = (string)benchmarkCase.Parameters["Shape"];
            var message = (RemoteWriteProtoMessage)benchmarkCase.Parameters["Message"];
            var (series, perSeries) = MakeSeries(shape);
            var batch = new RemoteWriteBatch();
            Fill(batch, series, perSeries);
            using var encoder = new RemoteWriteEncoder();
            var bytes = encoder.Encode(batch, message).Length;
            return (bytes / (double)batch.SampleCount).ToString("F2", CultureInfo.InvariantCulture);
        }

        public bool IsAvailable(Summary summary) => true;

        public bool IsDefault(Summary summary, BenchmarkCase benchmarkCase) => false;
    }
}
