using Scraper.Protocol.Model;
using Scraper.Wal;

namespace Scraper.Actors.Tests.Support;

/// <summary>One sample read back from a WAL, with its series' labels.</summary>
public sealed record WalSample(Labels Labels, long TimestampMs, double Value)
{
    public ulong Bits => BitConverter.DoubleToUInt64Bits(Value);

    public bool IsStale => Bits == 0x7ff0000000000002;

    public string Name => Labels.MetricName;
}

/// <summary>Reads a WAL directory back with the src/Wal reader and decoder: series records and samples, in order.</summary>
public sealed class WalContents
{
    private WalContents(List<WalSample> samples, List<RefSeries> series, List<WalRecordType> records)
    {
        Samples = samples;
        Series = series;
        RecordTypes = records;
    }

    public List<WalSample> Samples { get; }

    public List<RefSeries> Series { get; }

    public List<WalRecordType> RecordTypes { get; }

    public static WalContents Read(string directory)
    {
        var range = WalDirectory.SegmentRange(directory);
        var samples = new List<WalSample>();
        var series = new List<RefSeries>();
        var types = new List<WalRecordType>();
        if (range is null)
        {
            return new WalContents(samples, series, types);
        }
        var byRef = new Dictionary<ulong, Labels>();
        var decoder = new RecordDecoder();
        var batchSeries = new List<RefSeries>();
        var batchSamples = new List<RefSample>();
        using var reader = new WalReader(directory, WalPosition.StartOf(range.Value.First), WalReaderOptions.Live);
        while (reader.Next() == WalReadStatus.Record)
        {
            var type = reader.RecordType;
            types.Add(type);
            switch (type)
            {
                case WalRecordType.Series:
                    batchSeries.Clear();
                    decoder.DecodeSeries(reader.Record, batchSeries);
                    foreach (var s in batchSeries)
                    {
                        byRef[s.Ref] = s.Labels;
                        series.Add(s);
                    }
                    break;
                case WalRecordType.Samples:
                    batchSamples.Clear();
                    RecordDecoder.DecodeSamples(reader.Record, batchSamples);
                    foreach (var s in batchSamples)
                    {
                        if (!byRef.TryGetValue(s.Ref, out var labels))
                        {
                            throw new InvalidOperationException($"sample of series ref {s.Ref} before its series record");
                        }
                        samples.Add(new WalSample(labels, s.T, s.V));
                    }
                    break;
            }
        }
        return new WalContents(samples, series, types);
    }

    public IEnumerable<WalSample> Named(string metric) => Samples.Where(s => s.Name == metric);

    public IEnumerable<WalSample> For(string metric, string label, string value) =>
        Samples.Where(s => s.Name == metric && s.Labels.Get(label) == value);
}
