using Scraper.Protocol.Model;
using Scraper.Protocol.RemoteWrite;
using Snappier;

namespace Scraper.Protocol.Tests.RemoteWrite;

/// <summary>
/// A request body and its headers as Prometheus 2.42 in agent mode sent them (scraping itself, external label
/// cluster="capture", max_samples_per_send 100), captured once and kept in TestData/remote-write.
/// </summary>
public sealed class PrometheusGoldenBodyTests
{
    private static readonly string Directory = Path.Combine(AppContext.BaseDirectory, "TestData", "remote-write");

    private static byte[] Body => File.ReadAllBytes(Path.Combine(Directory, "prometheus-2.42-agent.v1.snappy"));

    [Fact]
    public void DecodeV1_prometheusAgentBody_readsSortedValidSeriesWithOneSampleEach()
    {
        var request = RemoteWriteDecoder.DecodeV1(Body);

        Assert.Equal(100, request.Timeseries.Count);
        foreach (var ts in request.Timeseries)
        {
            var labels = RemoteWriteDecoder.ToLabels(ts.Labels);
            Assert.Equal(labels.Select(l => l.Name), ts.Labels.Select(l => l.Name)); // sent sorted, as the spec requires
            Assert.Equal("capture", labels.Get("cluster"));
            Assert.Equal("self", labels.Get("job"));
            Assert.True(LabelNames.IsValidLegacyMetricName(labels.MetricName));
            Assert.Single(ts.Samples);
            Assert.True(ts.Samples[0].Timestamp > 1_600_000_000_000);
        }
    }

    [Fact]
    public void EncodeV1_sameContentAsPrometheus_producesPrometheusExactProtobufBytes()
    {
        var theirs = Snappy.DecompressToArray(Body);
        var request = RemoteWriteDecoder.DecodeV1(Body);
        var batch = new RemoteWriteBatch();
        foreach (var ts in request.Timeseries)
        {
            var labels = RemoteWriteDecoder.ToLabels(ts.Labels);
            foreach (var s in ts.Samples)
            {
                batch.Add(labels, s.Timestamp, s.Value);
            }
        }

        var ours = TestBatches.Encode(batch.EncodeV1);

        Assert.Equal(request.Timeseries.Count, batch.SeriesCount); // one sample per series: no grouping changes the shape
        Assert.Equal(theirs, ours);
    }

    [Fact]
    public void Headers_ourV1Values_matchWhatPrometheusSends()
    {
        var headers = File.ReadAllLines(Path.Combine(Directory, "prometheus-2.42-agent.v1.headers"))
            .Select(l => l.Split(": ", 2))
            .ToDictionary(p => p[0], p => p[1], StringComparer.OrdinalIgnoreCase);

        Assert.Equal(RemoteWriteHeaders.SnappyEncoding, headers[RemoteWriteHeaders.ContentEncoding]);
        Assert.Equal(RemoteWriteHeaders.ContentTypeFor(RemoteWriteProtoMessage.V1WriteRequest), headers[RemoteWriteHeaders.ContentType]);
        Assert.Equal(RemoteWriteHeaders.VersionFor(RemoteWriteProtoMessage.V1WriteRequest), headers[RemoteWriteHeaders.Version]);
        Assert.StartsWith("Prometheus/", headers[RemoteWriteHeaders.UserAgent], StringComparison.Ordinal);
    }
}
