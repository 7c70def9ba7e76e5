using System.Buffers;
using Scraper.Protocol.Model;

namespace Scraper.Wal.Tests;

/// <summary>A WAL segment Prometheus 2.42 wrote in agent mode, kept in TestData (see its README).</summary>
public class GoldenPrometheusWalTests
{
    private static readonly string Dir = Path.Combine(AppContext.BaseDirectory, "TestData", "wal", "prometheus-2.42-agent");

    private static List<byte[]> Records() =>
        WalTestData.ReadAll(Dir, options: WalReaderOptions.SealedAll).Select(r => r.Record).ToList();

    private static Labels Target(params string[] nameValues) =>
        Labels.FromStrings([.. nameValues, "instance", "127.0.0.1:39123", "job", "golden"]);

    [Fact]
    public void Reader_goldenSegment_decodesSeriesAndThreeScrapes()
    {
        var records = Records();
        Assert.Equal([WalRecordType.Series, WalRecordType.Samples, WalRecordType.Samples, WalRecordType.Samples], records.Select(r => RecordDecoder.TypeOf(r)));

        var series = new List<RefSeries>();
        new RecordDecoder().DecodeSeries(records[0], series);
        Assert.Equal(
            [
                new RefSeries(1, Target("__name__", "golden_requests_total", "code", "200", "path", "/a")),
                new RefSeries(2, Target("__name__", "golden_requests_total", "code", "500", "path", "/a")),
                new RefSeries(3, Target("__name__", "golden_temperature_celsius")),
                new RefSeries(4, Target("__name__", "up")),
                new RefSeries(5, Target("__name__", "scrape_duration_seconds")),
                new RefSeries(6, Target("__name__", "scrape_samples_scraped")),
                new RefSeries(7, Target("__name__", "scrape_samples_post_metric_relabeling")),
                new RefSeries(8, Target("__name__", "scrape_series_added")),
            ],
            series);

        var previous = long.MinValue;
        foreach (var record in records.Skip(1))
        {
            var samples = new List<RefSample>();
            RecordDecoder.DecodeSamples(record, samples);
            Assert.Equal([1UL, 2, 3, 4, 5, 6, 7, 8], samples.Select(s => s.Ref));
            Assert.Single(samples.Select(s => s.T).Distinct());
            Assert.True(samples[0].T > previous);
            previous = samples[0].T;
            Assert.Equal([7.0, 0, -1.5, 1], samples.Take(4).Select(s => s.V));
            Assert.InRange(samples[4].V, 0, 1);
            Assert.Equal(3, samples[5].V);
        }
    }

    [Fact]
    public void Encoder_reEncodingPrometheusRecords_isByteForByteTheSame()
    {
        var records = Records();
        var series = new List<RefSeries>();
        new RecordDecoder().DecodeSeries(records[0], series);
        var w = new ArrayBufferWriter<byte>();
        RecordEncoder.Series(series.ToArray(), w);
        Assert.Equal(records[0], w.WrittenSpan.ToArray());

        foreach (var record in records.Skip(1))
        {
            var samples = new List<RefSample>();
            RecordDecoder.DecodeSamples(record, samples);
            w.Clear();
            RecordEncoder.Samples(samples.ToArray(), w);
            Assert.Equal(record, w.WrittenSpan.ToArray());
        }
    }

    [Fact]
    public void Fragments_goldenSegment_areSnappyFullFragmentsThenPadding()
    {
        var fragments = SpecReader.Fragments(Path.Combine(Dir, "00000000"));
        Assert.Equal(4, fragments.Count);
        Assert.All(fragments, f => Assert.Equal((1, true), (f.Type, f.Snappy)));
        Assert.Equal(WalFormat.PageSize, new FileInfo(Path.Combine(Dir, "00000000")).Length);
    }
}
