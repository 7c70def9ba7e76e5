using Scraper.Protocol.Buffers;
using Scraper.Protocol.Model;
using Scraper.Protocol.RemoteWrite;
using V1 = Scraper.Protocol.Proto.V1;

namespace Scraper.Protocol.Tests.RemoteWrite;

public sealed class RemoteWriteBatchV1Tests
{
    [Theory]
    [MemberData(nameof(TestBatches.All), MemberType = typeof(TestBatches))]
    public void EncodeV1_anyBatch_equalsGeneratedWriteRequestBytes(string batchName)
    {
        var samples = TestBatches.Build(batchName);
        var batch = TestBatches.Fill(samples);

        var ours = TestBatches.Encode(batch.EncodeV1);

        Assert.Equal(TestBatches.ToBytes(TestBatches.ExpectedV1(samples)), ours);
    }

    [Theory]
    [MemberData(nameof(TestBatches.All), MemberType = typeof(TestBatches))]
    public void EncodeV1_thenDecode_returnsEverySeriesAndSampleInOrder(string batchName)
    {
        var samples = TestBatches.Build(batchName);
        var batch = TestBatches.Fill(samples);
        using var encoder = new RemoteWriteEncoder();

        var decoded = RemoteWriteDecoder.DecodeV1(encoder.Encode(batch, RemoteWriteProtoMessage.V1WriteRequest).Span);

        var expected = TestBatches.Group(samples);
        Assert.Equal(expected.Count, decoded.Timeseries.Count);
        for (var i = 0; i < expected.Count; i++)
        {
            var ts = decoded.Timeseries[i];
            Assert.Equal(expected[i].Series, RemoteWriteDecoder.ToLabels(ts.Labels));
            Assert.Equal(expected[i].Samples.Count, ts.Samples.Count);
            for (var j = 0; j < ts.Samples.Count; j++)
            {
                Assert.Equal(expected[i].Samples[j].TimestampMs, ts.Samples[j].Timestamp);
                Assert.Equal(BitConverter.DoubleToUInt64Bits(expected[i].Samples[j].Value), BitConverter.DoubleToUInt64Bits(ts.Samples[j].Value));
            }
        }
        Assert.Empty(decoded.Metadata);
        Assert.Equal(samples.Count, batch.SampleCount);
        Assert.Equal(expected.Count, batch.SeriesCount);
    }

    [Theory]
    [InlineData(TestBatches.StaleNaNBits)]
    [InlineData(0x7ff8000000000000UL)] // Go's math.NaN()
    [InlineData(0xfff8000000000000UL)] // .NET's double.NaN
    [InlineData(0x7ff0000000000000UL)] // +Inf
    [InlineData(0xfff0000000000000UL)] // -Inf
    [InlineData(0x0000000000000001UL)] // smallest subnormal
    public void EncodeV1_specialValue_keepsItsExactBits(ulong bits)
    {
        var batch = new RemoteWriteBatch();
        batch.Add(TestBatches.Series("m"), 5, BitConverter.UInt64BitsToDouble(bits));

        var decoded = V1.WriteRequest.Parser.ParseFrom(TestBatches.Encode(batch.EncodeV1));

        Assert.Equal(bits, BitConverter.DoubleToUInt64Bits(decoded.Timeseries[0].Samples[0].Value));
    }

    [Fact]
    public void EncodeV1_negativeZero_isOmittedAsProto3DefaultLikeGeneratedCode()
    {
        // proto3 skips a double equal to 0, and -0.0 == 0: Go's gogo code and Google.Protobuf both drop it.
        var batch = new RemoteWriteBatch();
        batch.Add(TestBatches.Series("m"), 7, -0.0);
        var expected = new V1.WriteRequest();
        var ts = new V1.TimeSeries();
        ts.Labels.Add(new V1.Label { Name = "__name__", Value = "m" });
        ts.Samples.Add(new V1.Sample { Timestamp = 7, Value = -0.0 });
        expected.Timeseries.Add(ts);

        var ours = TestBatches.Encode(batch.EncodeV1);

        Assert.Equal(TestBatches.ToBytes(expected), ours);
        Assert.Equal(0UL, BitConverter.DoubleToUInt64Bits(V1.WriteRequest.Parser.ParseFrom(ours).Timeseries[0].Samples[0].Value));
    }

    [Fact]
    public void Add_sameReferenceAndEqualInstances_groupIntoOneTimeSeries()
    {
        var a = TestBatches.Series("m", "job", "j");
        var aCopy = TestBatches.Series("m", "job", "j");
        var b = TestBatches.Series("m", "job", "k");
        var batch = new RemoteWriteBatch();
        batch.Add(a, 1, 1);
        batch.Add(b, 1, 10);
        batch.Add(aCopy, 2, 2);
        batch.Add(a, 3, 3);

        var decoded = V1.WriteRequest.Parser.ParseFrom(TestBatches.Encode(batch.EncodeV1));

        Assert.Equal(2, batch.SeriesCount);
        Assert.Equal(2, decoded.Timeseries.Count);
        Assert.Equal([1L, 2L, 3L], decoded.Timeseries[0].Samples.Select(s => s.Timestamp));
        Assert.Equal([10.0], decoded.Timeseries[1].Samples.Select(s => s.Value));
    }

    [Fact]
    public void Clear_thenReuse_encodesOnlyTheNewContent()
    {
        var batch = TestBatches.Fill(TestBatches.Build("many-series"));
        batch.AddMetadata(new MetricFamilyMetadata("old", MetricType.Gauge, "h", ""));
        TestBatches.Encode(batch.EncodeV1);
        TestBatches.Encode(batch.EncodeV2);

        batch.Clear();
        var fresh = TestBatches.Build("unicode");
        foreach (var s in fresh)
        {
            batch.Add(s.Series, s.TimestampMs, s.Value);
        }

        Assert.Equal(TestBatches.ToBytes(TestBatches.ExpectedV1(fresh)), TestBatches.Encode(batch.EncodeV1));
        Assert.Equal(0, batch.MetadataCount);
        Assert.Equal(3, batch.SampleCount);
    }

    [Fact]
    public void Clear_resetsCountsAndTimestampRange()
    {
        var batch = new RemoteWriteBatch();
        batch.Add(TestBatches.Series("m"), 50, 1);
        batch.Add(TestBatches.Series("m"), 70, 1);
        Assert.Equal(50, batch.LowestTimestampMs);
        Assert.Equal(70, batch.HighestTimestampMs);

        batch.Clear();

        Assert.True(batch.IsEmpty);
        Assert.Equal(0, batch.SeriesCount);
        Assert.Equal(long.MinValue, batch.HighestTimestampMs);
        Assert.Equal(long.MaxValue, batch.LowestTimestampMs);
        Assert.Equal([], TestBatches.Encode(batch.EncodeV1));
    }

    [Fact]
    public void EncodeV1_exemplarsAndMetadata_equalGeneratedBytesAndRoundTrip()
    {
        var series = TestBatches.Series("http_request_duration_seconds_bucket", "le", "0.5", "job", "api");
        var exemplar = Labels.FromStrings("trace_id", "abc123", "span_id", "ü1");
        var batch = new RemoteWriteBatch();
        batch.Add(series, 1000, 4);
        batch.AddExemplar(series, exemplar, 999, 0.42);
        batch.AddExemplar(series, Labels.Empty, 1000, 0);
        batch.Add(series, 2000, 5);
        batch.AddMetadata(new MetricFamilyMetadata("http_request_duration_seconds", MetricType.Histogram, "Latency of requests.", "seconds"));
        batch.AddMetadata(new MetricFamilyMetadata("up", MetricType.Gauge, "", ""));

        var expected = new V1.WriteRequest();
        var ts = new V1.TimeSeries();
        foreach (var l in series)
        {
            ts.Labels.Add(new V1.Label { Name = l.Name, Value = l.Value });
        }
        ts.Samples.Add(new V1.Sample { Timestamp = 1000, Value = 4 });
        ts.Samples.Add(new V1.Sample { Timestamp = 2000, Value = 5 });
        var ex = new V1.Exemplar { Timestamp = 999, Value = 0.42 };
        foreach (var l in exemplar)
        {
            ex.Labels.Add(new V1.Label { Name = l.Name, Value = l.Value });
        }
        ts.Exemplars.Add(ex);
        ts.Exemplars.Add(new V1.Exemplar { Timestamp = 1000, Value = 0 });
        expected.Timeseries.Add(ts);
        expected.Metadata.Add(new V1.MetricMetadata
        {
            MetricFamilyName = "http_request_duration_seconds",
            Type = V1.MetricMetadata.Types.MetricType.Histogram,
            Help = "Latency of requests.",
            Unit = "seconds",
        });
        expected.Metadata.Add(new V1.MetricMetadata { MetricFamilyName = "up", Type = V1.MetricMetadata.Types.MetricType.Gauge });

        var ours = TestBatches.Encode(batch.EncodeV1);

        Assert.Equal(TestBatches.ToBytes(expected), ours);
        Assert.Equal(expected, V1.WriteRequest.Parser.ParseFrom(ours));
        Assert.Equal(2, batch.ExemplarCount);
    }

    [Fact]
    public void EncodeV1_asciiAndUnicodeBatchesInTurn_alwaysEqualGeneratedBytes()
    {
        // The encoder tries an ASCII-only fast path and falls back to exact UTF-8 for a while after a miss:
        // every mix of the two must still give exact bytes.
        var batch = new RemoteWriteBatch();
        for (var round = 0; round < 150; round++)
        {
            var samples = TestBatches.Build(round % 7 == 0 ? "unicode" : "interleaved");
            batch.Clear();
            foreach (var s in samples)
            {
                batch.Add(s.Series, s.TimestampMs, s.Value);
            }

            Assert.Equal(TestBatches.ToBytes(TestBatches.ExpectedV1(samples)), TestBatches.Encode(batch.EncodeV1));
        }
    }

    [Fact]
    public void EncodeV1_nonAsciiOnlyInMetadataHelp_isEncodedExactly()
    {
        var batch = new RemoteWriteBatch();
        batch.Add(TestBatches.Series("temp_celsius"), 1, 21.5);
        batch.AddMetadata(new MetricFamilyMetadata("temp_celsius", MetricType.Gauge, "Temperatur in °C — gemessen", "celsius"));

        var decoded = V1.WriteRequest.Parser.ParseFrom(TestBatches.Encode(batch.EncodeV1));

        Assert.Equal("Temperatur in °C — gemessen", decoded.Metadata[0].Help);
        Assert.Equal("celsius", decoded.Metadata[0].Unit);
    }

    [Theory]
    [InlineData(1, 1)]
    [InlineData(8, 114)]
    [InlineData(8, 115)]
    [InlineData(8, 116)]
    [InlineData(8, 119)]
    [InlineData(8, 120)]
    [InlineData(1, 126)]
    [InlineData(1, 127)]
    [InlineData(127, 1)]
    [InlineData(128, 128)]
    [InlineData(300, 20_000)]
    public void EncodeV1_labelLengthsAroundOneByteVarints_equalGeneratedBytes(int nameLength, int valueLength)
    {
        var samples = new List<TestSample>
        {
            new(Labels.FromStrings("__name__", "m", new string('n', nameLength), new string('v', valueLength)), 1, 1),
        };

        Assert.Equal(TestBatches.ToBytes(TestBatches.ExpectedV1(samples)), TestBatches.Encode(TestBatches.Fill(samples).EncodeV1));
    }

    [Theory]
    [InlineData("abcdefghijklmn\u00e9")]          // 15 chars, non-ASCII last (scalar path)
    [InlineData("abcdefghijklmnopqrst\u00e9")]    // 21 chars, non-ASCII last (vectorized path)
    [InlineData("\u00e9abcdefghijklmnopqrstuvwxyz")] // non-ASCII first
    [InlineData("abc\ud800def")]                  // lone surrogate: UTF-8 replacement character, as Google.Protobuf writes it
    public void EncodeV1_nonAsciiAnywhereInAValue_equalsGeneratedBytes(string escaped)
    {
        var value = System.Text.RegularExpressions.Regex.Unescape(escaped);
        var samples = new List<TestSample> { new(TestBatches.Series("m", "job", value, "other", "plain"), 1, 1) };

        Assert.Equal(TestBatches.ToBytes(TestBatches.ExpectedV1(samples)), TestBatches.Encode(TestBatches.Fill(samples).EncodeV1));
    }

    [Fact]
    public void AddMetadata_sameFamilyTwice_keepsTheLast()
    {
        var batch = new RemoteWriteBatch();
        batch.AddMetadata(new MetricFamilyMetadata("f", MetricType.Gauge, "old", ""));
        batch.AddMetadata(new MetricFamilyMetadata("f", MetricType.Counter, "new", "bytes"));

        var decoded = V1.WriteRequest.Parser.ParseFrom(TestBatches.Encode(batch.EncodeV1));

        var m = Assert.Single(decoded.Metadata);
        Assert.Equal(("f", V1.MetricMetadata.Types.MetricType.Counter, "new", "bytes"), (m.MetricFamilyName, m.Type, m.Help, m.Unit));
    }

    [Fact]
    public void AddAndEncode_steadyState_allocateNothing()
    {
        var series = Enumerable.Range(0, 500).Select(TestBatches.Typical).ToArray();
        var exemplar = Labels.FromStrings("trace_id", "t1");
        var metadata = new MetricFamilyMetadata("node_metric_1", MetricType.Gauge, "help", "");
        var batch = new RemoteWriteBatch();
        using var buffer = new PooledBufferWriter();
        long allocated = 0;

        // The first rounds grow the arrays and buffers to size; the later ones must not allocate at all.
        for (var round = 0; round < 15; round++)
        {
            var before = GC.GetAllocatedBytesForCurrentThread();
            batch.Clear();
            batch.AddMetadata(metadata);
            for (var i = 0; i < series.Length; i++)
            {
                batch.Add(series[i], round, i);
                batch.Add(series[i], round + 1, i);
            }
            batch.AddExemplar(series[0], exemplar, round, 1);
            buffer.Reset();
            batch.EncodeV1(buffer);
            buffer.Reset();
            batch.EncodeV2(buffer);
            if (round >= 5)
            {
                allocated += GC.GetAllocatedBytesForCurrentThread() - before;
            }
        }

        Assert.Equal(0, allocated);
    }

    [Theory]
    [InlineData(RemoteWriteProtoMessage.V1WriteRequest)]
    [InlineData(RemoteWriteProtoMessage.V2Request)]
    public void RemoteWriteEncoder_steadyState_allocatesAFewBytesPerRequestIndependentOfSize(RemoteWriteProtoMessage message)
    {
        // Snappier news up a small compressor object per block (48 bytes today); nothing else may allocate, and
        // nothing may grow with the number of samples. The least of several rounds is taken: a GC elsewhere in
        // the test run can trim ArrayPool.Shared, and the next rent of Snappier's hash table then allocates once.
        var small = PerRequestAllocation(message, seriesCount: 100);
        var large = PerRequestAllocation(message, seriesCount: 2000);

        Assert.Equal(small, large);
        Assert.InRange(large, 0, 64);
    }

    private static long PerRequestAllocation(RemoteWriteProtoMessage message, int seriesCount)
    {
        var series = Enumerable.Range(0, seriesCount).Select(TestBatches.Typical).ToArray();
        var batch = new RemoteWriteBatch();
        using var encoder = new RemoteWriteEncoder();
        var least = long.MaxValue;
        for (var round = 0; round < 15; round++)
        {
            var before = GC.GetAllocatedBytesForCurrentThread();
            batch.Clear();
            for (var i = 0; i < series.Length; i++)
            {
                batch.Add(series[i], round, i);
            }
            encoder.Encode(batch, message);
            if (round >= 5)
            {
                least = Math.Min(least, GC.GetAllocatedBytesForCurrentThread() - before);
            }
        }
        return least;
    }
}
