using Google.Protobuf;
using Scraper.Protocol.Model;
using Scraper.Protocol.RemoteWrite;
using V2 = Scraper.Protocol.Proto.V2;

namespace Scraper.Protocol.Tests.RemoteWrite;

public sealed class RemoteWriteBatchV2Tests
{
    [Theory]
    [MemberData(nameof(TestBatches.All), MemberType = typeof(TestBatches))]
    public void EncodeV2_thenDecode_returnsEverySeriesAndSampleInOrder(string batchName)
    {
        var samples = TestBatches.Build(batchName);
        var batch = TestBatches.Fill(samples);
        using var encoder = new RemoteWriteEncoder();

        var decoded = RemoteWriteDecoder.DecodeV2(encoder.Encode(batch, RemoteWriteProtoMessage.V2Request).Span);

        var expected = TestBatches.Group(samples);
        Assert.Equal(expected.Count, decoded.Timeseries.Count);
        for (var i = 0; i < expected.Count; i++)
        {
            var ts = decoded.Timeseries[i];
            Assert.Equal(expected[i].Series, RemoteWriteDecoder.ResolveLabels(decoded.Symbols, ts.LabelsRefs));
            Assert.Equal(expected[i].Samples.Select(s => s.TimestampMs), ts.Samples.Select(s => s.Timestamp));
            Assert.Equal(expected[i].Samples.Select(s => BitConverter.DoubleToUInt64Bits(s.Value)), ts.Samples.Select(s => BitConverter.DoubleToUInt64Bits(s.Value)));
            Assert.Null(ts.Metadata);
            Assert.Equal(0, ts.CreatedTimestamp);
        }
    }

    [Theory]
    [MemberData(nameof(TestBatches.All), MemberType = typeof(TestBatches))]
    public void EncodeV2_anyBatch_isCanonicalProtobuf(string batchName)
    {
        // Re-serializing what the generated parser read must give our bytes back: same field order, packed refs,
        // defaults omitted, symbol 0 written although empty.
        var batch = TestBatches.Fill(TestBatches.Build(batchName));

        var ours = TestBatches.Encode(batch.EncodeV2);

        Assert.Equal(V2.Request.Parser.ParseFrom(ours).ToByteArray(), ours);
    }

    [Theory]
    [MemberData(nameof(TestBatches.All), MemberType = typeof(TestBatches))]
    public void EncodeV2_symbolTable_startsWithEmptyStringAndHoldsEachStringOnce(string batchName)
    {
        var samples = TestBatches.Build(batchName);
        var batch = TestBatches.Fill(samples);

        var decoded = V2.Request.Parser.ParseFrom(TestBatches.Encode(batch.EncodeV2));

        Assert.Equal(string.Empty, decoded.Symbols[0]);
        Assert.Equal(decoded.Symbols.Count, decoded.Symbols.Distinct(StringComparer.Ordinal).Count());
        var used = samples.SelectMany(s => s.Series).SelectMany(l => new[] { l.Name, l.Value }).ToHashSet(StringComparer.Ordinal);
        used.Add(string.Empty);
        Assert.Equal(used.Order(StringComparer.Ordinal), decoded.Symbols.Order(StringComparer.Ordinal));
    }

    [Fact]
    public void EncodeV2_sharedLabels_referenceTheSameSymbol()
    {
        var batch = new RemoteWriteBatch();
        batch.Add(TestBatches.Series("up", "job", "node", "instance", "a"), 1, 1);
        batch.Add(TestBatches.Series("up", "job", "node", "instance", "b"), 1, 0);

        var decoded = V2.Request.Parser.ParseFrom(TestBatches.Encode(batch.EncodeV2));

        // "", __name__, up, instance, a, job, node, b
        Assert.Equal(["", "__name__", "up", "instance", "a", "job", "node", "b"], decoded.Symbols);
        Assert.Equal([1u, 2u, 3u, 4u, 5u, 6u], decoded.Timeseries[0].LabelsRefs);
        Assert.Equal([1u, 2u, 3u, 7u, 5u, 6u], decoded.Timeseries[1].LabelsRefs);
    }

    [Fact]
    public void EncodeV2_exactBytesOfASmallRequest_matchTheSpecLayout()
    {
        var batch = new RemoteWriteBatch();
        batch.Add(Labels.FromStrings("__name__", "up"), 1000, 1);

        var ours = TestBatches.Encode(batch.EncodeV2);

        byte[] expected =
        [
            0x22, 0x00,                                  // symbols[0] = ""
            0x22, 0x08, .. "__name__"u8,                 // symbols[1]
            0x22, 0x02, .. "up"u8,                       // symbols[2]
            0x2a, 0x12,                                  // timeseries (field 5), 18 bytes
            0x0a, 0x02, 0x01, 0x02,                      //   labels_refs packed [1, 2]
            0x12, 0x0c,                                  //   samples (field 2), 12 bytes
            0x09, 0, 0, 0, 0, 0, 0, 0xf0, 0x3f,          //     value = 1.0
            0x10, 0xe8, 0x07,                            //     timestamp = 1000
        ];
        Assert.Equal(expected, ours);
    }

    [Theory]
    [InlineData("http_requests_total", MetricType.Counter, "http_requests")]
    [InlineData("http_requests_created", MetricType.Counter, "http_requests")]
    [InlineData("latency_seconds_bucket", MetricType.Histogram, "latency_seconds")]
    [InlineData("latency_seconds_count", MetricType.Histogram, "latency_seconds")]
    [InlineData("latency_seconds_sum", MetricType.Summary, "latency_seconds")]
    [InlineData("queue_gsum", MetricType.GaugeHistogram, "queue")]
    [InlineData("build_info", MetricType.Info, "build")]
    [InlineData("temperature_celsius", MetricType.Gauge, "temperature_celsius")]
    [InlineData("legacy_total", MetricType.Counter, "legacy_total")]
    public void EncodeV2_seriesOfAFamilyWithMetadata_carriesTypeHelpAndUnitRefs(string metricName, MetricType type, string family)
    {
        var batch = new RemoteWriteBatch();
        batch.Add(TestBatches.Series(metricName, "job", "j"), 1, 1);
        batch.AddMetadata(new MetricFamilyMetadata(family, type, $"Help of {family}.", "seconds"));

        var decoded = V2.Request.Parser.ParseFrom(TestBatches.Encode(batch.EncodeV2));

        var md = decoded.Timeseries[0].Metadata;
        Assert.NotNull(md);
        Assert.Equal((int)type, (int)md.Type);
        Assert.Equal($"Help of {family}.", decoded.Symbols[(int)md.HelpRef]);
        Assert.Equal("seconds", decoded.Symbols[(int)md.UnitRef]);
    }

    [Theory]
    [InlineData("latency_seconds_bucket", MetricType.Summary, "latency_seconds")] // summaries have no buckets
    [InlineData("requests_total", MetricType.Gauge, "requests")]                 // gauges have no _total
    [InlineData("other_metric", MetricType.Gauge, "some_metric")]
    public void EncodeV2_seriesOutsideAnyFamily_hasNoMetadata(string metricName, MetricType type, string family)
    {
        var batch = new RemoteWriteBatch();
        batch.Add(TestBatches.Series(metricName), 1, 1);
        batch.AddMetadata(new MetricFamilyMetadata(family, type, "h", ""));

        var decoded = V2.Request.Parser.ParseFrom(TestBatches.Encode(batch.EncodeV2));

        Assert.Null(decoded.Timeseries[0].Metadata);
        Assert.DoesNotContain("h", decoded.Symbols);
    }

    [Fact]
    public void EncodeV2_metadataWithoutHelpOrUnit_pointsAtSymbolZero()
    {
        var batch = new RemoteWriteBatch();
        batch.Add(TestBatches.Series("up"), 1, 1);
        batch.AddMetadata(new MetricFamilyMetadata("up", MetricType.Gauge, "", ""));

        var decoded = V2.Request.Parser.ParseFrom(TestBatches.Encode(batch.EncodeV2));

        var md = decoded.Timeseries[0].Metadata;
        Assert.Equal(V2.Metadata.Types.MetricType.Gauge, md.Type);
        Assert.Equal(0u, md.HelpRef);
        Assert.Equal(0u, md.UnitRef);
    }

    [Fact]
    public void EncodeV2_exemplars_roundTripWithTheirLabels()
    {
        var series = TestBatches.Series("req_total", "job", "j");
        var batch = new RemoteWriteBatch();
        batch.Add(series, 10, 1);
        batch.AddExemplar(series, Labels.FromStrings("trace_id", "t-1", "job", "j"), 9, 0.5);
        batch.AddExemplar(series, Labels.Empty, 10, 2);

        var bytes = TestBatches.Encode(batch.EncodeV2);
        var decoded = V2.Request.Parser.ParseFrom(bytes);

        var ts = Assert.Single(decoded.Timeseries);
        Assert.Equal(2, ts.Exemplars.Count);
        Assert.Equal(Labels.FromStrings("trace_id", "t-1", "job", "j"), RemoteWriteDecoder.ResolveLabels(decoded.Symbols, ts.Exemplars[0].LabelsRefs));
        Assert.Equal((9L, 0.5), (ts.Exemplars[0].Timestamp, ts.Exemplars[0].Value));
        Assert.Empty(ts.Exemplars[1].LabelsRefs);
        Assert.Equal((10L, 2.0), (ts.Exemplars[1].Timestamp, ts.Exemplars[1].Value));
        Assert.Equal(decoded.ToByteArray(), bytes);
    }

    [Fact]
    public void EncodeV2_nonAsciiOnlyInMetadataHelp_isEncodedExactly()
    {
        var batch = new RemoteWriteBatch();
        batch.Add(TestBatches.Series("temp_celsius"), 1, 21.5);
        batch.AddMetadata(new MetricFamilyMetadata("temp_celsius", MetricType.Gauge, "Temperatur in °C", ""));

        var bytes = TestBatches.Encode(batch.EncodeV2);
        var decoded = V2.Request.Parser.ParseFrom(bytes);

        Assert.Equal("Temperatur in °C", decoded.Symbols[(int)decoded.Timeseries[0].Metadata.HelpRef]);
        Assert.Equal(decoded.ToByteArray(), bytes);
    }

    [Fact]
    public void EncodeV2_calledTwice_givesTheSameBytes()
    {
        var batch = TestBatches.Fill(TestBatches.Build("many-series"));
        batch.AddMetadata(new MetricFamilyMetadata("node_metric_3", MetricType.Gauge, "h", "u"));

        Assert.Equal(TestBatches.Encode(batch.EncodeV2), TestBatches.Encode(batch.EncodeV2));
    }

    [Fact]
    public void V1Schema_readingAV2Body_seesAnEmptyMessage()
    {
        // Why a 1.x receiver that ignores Content-Type answers 2xx to a 2.0 body: fields 1-3 are reserved in v2.
        var batch = TestBatches.Fill(TestBatches.Build("many-series"));

        var misread = Scraper.Protocol.Proto.V1.WriteRequest.Parser.ParseFrom(TestBatches.Encode(batch.EncodeV2));

        Assert.Empty(misread.Timeseries);
        Assert.Empty(misread.Metadata);
    }
}
