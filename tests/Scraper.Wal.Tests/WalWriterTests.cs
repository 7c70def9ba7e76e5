using System.Buffers;
using Scraper.Protocol.Model;

namespace Scraper.Wal.Tests;

public class WalWriterTests
{
    private static (List<RefSeries> Series, List<RefSample> Samples, List<WalRecordType> Types) Decode(string dir)
    {
        var series = new List<RefSeries>();
        var samples = new List<RefSample>();
        var types = new List<WalRecordType>();
        var decoder = new RecordDecoder();
        using var reader = new WalReader(dir, default, WalReaderOptions.SealedAll);
        while (reader.Next() == WalReadStatus.Record)
        {
            types.Add(reader.RecordType);
            switch (reader.RecordType)
            {
                case WalRecordType.Series:
                    decoder.DecodeSeries(reader.Record, series);
                    break;
                case WalRecordType.Samples:
                    RecordDecoder.DecodeSamples(reader.Record, samples);
                    break;
            }
        }
        return (series, samples, types);
    }

    [Theory]
    [InlineData(false)]
    [InlineData(true)]
    public void Commit_seriesAndSamples_writesOneSeriesThenOneSamplesRecord(bool compress)
    {
        using var tmp = new TempDirectory();
        var a = Labels.FromStrings("__name__", "up", "job", "a");
        var b = Labels.FromStrings("__name__", "up", "job", "b");
        using (var w = WalTestData.OpenWriter(tmp.Path, compress))
        {
            w.AppendSample(1, 1000, 1); // the series record is still written first
            w.AppendSeries(1, a);
            w.AppendSeries(2, b);
            w.AppendSamples([new RefSample(2, 1000, 0), new RefSample(1, 2000, 1.5)]);
            Assert.Equal((2, 3), (w.StagedSeries, w.StagedSamples));
            var end = w.Commit();
            Assert.Equal((0, 0), (w.StagedSeries, w.StagedSamples));
            Assert.Equal(w.Position, end);
            Assert.Equal((2L, 3L, 2L), (w.Metrics.SeriesWritten, w.Metrics.SamplesWritten, w.Metrics.RecordsWritten));
        }

        var (series, samples, types) = Decode(tmp.Path);
        Assert.Equal([WalRecordType.Series, WalRecordType.Samples], types);
        Assert.Equal([new RefSeries(1, a), new RefSeries(2, b)], series);
        Assert.Equal([new RefSample(1, 1000, 1), new RefSample(2, 1000, 0), new RefSample(1, 2000, 1.5)], samples);

        // The documentation-only reader agrees.
        var spec = SpecReader.Records(tmp.Path);
        Assert.Equal(["__name__", "up", "job", "b"], SpecReader.DecodeSeries(spec[0])[1].Labels.SelectMany(l => new[] { l.Name, l.Value }));
        Assert.Equal(
            [new SpecReader.Sample(1, 1000, 1), new SpecReader.Sample(2, 1000, 0), new SpecReader.Sample(1, 2000, 1.5)],
            SpecReader.DecodeSamples(spec[1]));
    }

    [Fact]
    public void Commit_exemplarsAndMetadata_areWrittenAfterSeriesAndRoundTrip()
    {
        using var tmp = new TempDirectory();
        using (var w = WalTestData.OpenWriter(tmp.Path))
        {
            w.AppendSeries(7, Labels.FromStrings("__name__", "x"));
            w.AppendSample(7, 10, 1);
            w.AppendExemplar(7, 10, 1, Labels.FromStrings("trace_id", "abc"));
            w.AppendMetadata(7, MetricType.Counter, "seconds", "help text");
            w.Commit();
        }
        var records = WalTestData.ReadAll(tmp.Path).Select(r => r.Record).ToList();
        Assert.Equal(
            [WalRecordType.Series, WalRecordType.Metadata, WalRecordType.Samples, WalRecordType.Exemplars],
            records.Select(r => RecordDecoder.TypeOf(r)));
        var exemplars = new List<RefExemplar>();
        new RecordDecoder().DecodeExemplars(records[3], exemplars);
        Assert.Equal(Labels.FromStrings("trace_id", "abc"), exemplars[0].Labels);
        var metadata = new List<RefMetadata>();
        new RecordDecoder().DecodeMetadata(records[1], metadata);
        Assert.Equal([new RefMetadata(7, MetricType.Counter, "seconds", "help text")], metadata);
    }

    [Fact]
    public void Commit_incrementallyBuiltRecords_areByteForByteThoseOfRecordEncoder()
    {
        RefSeries[] series = [new(7, Labels.FromStrings("__name__", "x", "job", "j")), new(3, Labels.FromStrings("__name__", "y"))];
        RefSample[] samples = [new(7, 1000, 1.5), new(3, 990, double.NaN), new(7, 2000, -2), new(3, 2001, 1e300)];
        RefExemplar[] exemplars = [new(7, 1000, 1.5, Labels.FromStrings("trace_id", "abc")), new(3, 900, 0, Labels.Empty)];
        RefMetadata[] metadata = [new(7, MetricType.Counter, "seconds", "help text"), new(3, MetricType.Gauge, "", "")];
        using var tmp = new TempDirectory();
        using (var w = WalTestData.OpenWriter(tmp.Path))
        {
            foreach (var s in series)
            {
                w.AppendSeries(s.Ref, s.Labels);
            }
            w.AppendSample(samples[0].Ref, samples[0].T, samples[0].V);
            w.AppendSamples(samples.AsSpan(1));
            foreach (var e in exemplars)
            {
                w.AppendExemplar(e.Ref, e.T, e.V, e.Labels);
            }
            foreach (var m in metadata)
            {
                w.AppendMetadata(m.Ref, m.Type, m.Unit, m.Help);
            }
            w.Commit();
        }

        var records = WalTestData.ReadAll(tmp.Path).Select(r => r.Record).ToList();

        Assert.Equal(
            [
                Encoded(o => RecordEncoder.Series(series, o)),
                Encoded(o => RecordEncoder.Metadata(metadata, o)),
                Encoded(o => RecordEncoder.Samples(samples, o)),
                Encoded(o => RecordEncoder.Exemplars(exemplars, o)),
            ],
            records);
    }

    private static byte[] Encoded(Action<ArrayBufferWriter<byte>> encode)
    {
        var output = new ArrayBufferWriter<byte>();
        encode(output);
        return output.WrittenSpan.ToArray();
    }

    [Fact]
    public void AppendSample_beyondMaxRecordBytes_splitsIntoSeveralRecordsKeepingSeriesFirst()
    {
        using var tmp = new TempDirectory();
        var options = new WalWriterOptions { Directory = tmp.Path, SyncPolicy = WalSyncPolicy.Never, MaxRecordBytes = 4096 };
        var expected = new List<RefSample>();
        using (var w = WalWriter.Open(options))
        {
            for (ulong s = 1; s <= 50; s++)
            {
                w.AppendSeries(s, Labels.FromStrings("__name__", "m", "i", s.ToString(System.Globalization.CultureInfo.InvariantCulture)));
                for (var t = 0; t < 40; t++)
                {
                    w.AppendSample(s, t, t * 1.5);
                    expected.Add(new RefSample(s, t, t * 1.5));
                }
            }
            w.Commit();
        }
        var (series, samples, types) = Decode(tmp.Path);
        Assert.Equal(50, series.Count);
        Assert.Equal(expected, samples);
        Assert.True(types.Count(t => t == WalRecordType.Samples) >= 4);
        // Every samples record comes after the series record of each ref it holds.
        var known = new HashSet<ulong>();
        foreach (var (_, record) in WalTestData.ReadAll(tmp.Path))
        {
            var list = new List<RefSeries>();
            var sl = new List<RefSample>();
            if (RecordDecoder.TypeOf(record) == WalRecordType.Series)
            {
                new RecordDecoder().DecodeSeries(record, list);
                known.UnionWith(list.Select(x => x.Ref));
            }
            else
            {
                RecordDecoder.DecodeSamples(record, sl);
                Assert.All(sl, x => Assert.Contains(x.Ref, known));
            }
        }
    }

    [Fact]
    public void Rollback_dropsStagedRecords()
    {
        using var tmp = new TempDirectory();
        using (var w = WalTestData.OpenWriter(tmp.Path))
        {
            w.AppendSeries(1, Labels.FromStrings("a", "b"));
            w.AppendSample(1, 1, 1);
            w.Rollback();
            w.AppendSample(2, 2, 2);
            w.Commit();
        }
        var (series, samples, _) = Decode(tmp.Path);
        Assert.Empty(series);
        Assert.Equal([new RefSample(2, 2, 2)], samples);
    }

    [Fact]
    public void Commit_returnsOnlyAfterTheBytesAreInTheFile()
    {
        using var tmp = new TempDirectory();
        using var w = WalTestData.OpenWriter(tmp.Path, compress: false);
        w.AppendSample(1, 1, 1);
        var end = w.Commit();
        // Another handle sees the committed bytes without any flush or close by the writer.
        Assert.Equal(end.Offset, new FileInfo(WalFormat.SegmentPath(tmp.Path, w.Segment)).Length);
        var read = WalTestData.ReadAll(tmp.Path);
        Assert.Single(read);
    }

    [Fact]
    public void Commit_withNothingStaged_doesNotNotify()
    {
        using var tmp = new TempDirectory();
        using var w = WalTestData.OpenWriter(tmp.Path);
        w.Commit();
        Assert.Equal(0, w.Notifier.Version);
        w.AppendSample(1, 1, 1);
        w.Commit();
        Assert.Equal(1, w.Notifier.Version);
    }

    [Fact]
    public void SyncPolicy_perCommit_fsyncsEveryCommit()
    {
        using var tmp = new TempDirectory();
        using var w = WalTestData.OpenWriter(tmp.Path, policy: WalSyncPolicy.PerCommit);
        for (var i = 0; i < 3; i++)
        {
            w.AppendSample(1, i, i);
            w.Commit();
        }
        Assert.Equal(3, w.Metrics.Fsyncs);
    }

    [Fact]
    public void SyncPolicy_interval_fsyncsWhenTheTimerCallsSyncIfDueWithoutACommit()
    {
        using var tmp = new TempDirectory();
        var clock = new ManualTimeProvider();
        using var w = WalTestData.OpenWriter(tmp.Path, policy: WalSyncPolicy.Interval, time: clock);
        w.AppendSample(1, 1, 1);
        w.Commit();
        Assert.Equal(0, w.Metrics.Fsyncs);
        Assert.False(w.SyncIfDue());

        clock.Advance(TimeSpan.FromMilliseconds(999));
        Assert.False(w.SyncIfDue());
        clock.Advance(TimeSpan.FromMilliseconds(1));
        Assert.True(w.SyncIfDue());
        Assert.Equal(1, w.Metrics.Fsyncs);

        // Nothing new written: nothing to sync however long it has been.
        clock.Advance(TimeSpan.FromSeconds(10));
        Assert.False(w.SyncIfDue());
    }

    [Fact]
    public void SyncPolicy_interval_fsyncsAtACommitOnceDue()
    {
        using var tmp = new TempDirectory();
        var clock = new ManualTimeProvider();
        using var w = WalTestData.OpenWriter(tmp.Path, policy: WalSyncPolicy.Interval, time: clock);
        w.AppendSample(1, 1, 1);
        w.Commit();
        clock.Advance(TimeSpan.FromSeconds(2));
        w.AppendSample(1, 2, 1);
        w.Commit();
        Assert.Equal(1, w.Metrics.Fsyncs);
    }

    [Fact]
    public void SyncPolicy_never_neverFsyncs()
    {
        using var tmp = new TempDirectory();
        var clock = new ManualTimeProvider();
        using (var w = WalTestData.OpenWriter(tmp.Path, policy: WalSyncPolicy.Never, time: clock, segmentSize: WalFormat.PageSize))
        {
            for (var i = 0; i < 10; i++)
            {
                w.AppendRecord(new byte[20_000]);
                w.Commit();
                clock.Advance(TimeSpan.FromSeconds(5));
                Assert.False(w.SyncIfDue());
            }
            Assert.Equal(0, w.Metrics.Fsyncs);
        }
    }

    [Fact]
    public void Open_existingWal_startsANewSegmentAndLeavesOldOnesAlone()
    {
        using var tmp = new TempDirectory();
        using (var w = WalTestData.OpenWriter(tmp.Path))
        {
            w.AppendSample(1, 1, 1);
            w.Commit();
        }
        var before = File.ReadAllBytes(WalFormat.SegmentPath(tmp.Path, 0));
        using (var w = WalTestData.OpenWriter(tmp.Path))
        {
            Assert.Equal(1, w.Segment);
            Assert.Equal(1, w.Metrics.CurrentSegment);
            w.AppendSample(1, 2, 2);
            w.Commit();
        }
        Assert.Equal(before, File.ReadAllBytes(WalFormat.SegmentPath(tmp.Path, 0)));
        Assert.Equal(2, WalTestData.ReadAll(tmp.Path).Count);
    }

    [Fact]
    public void Dispose_padsTheLastPage()
    {
        using var tmp = new TempDirectory();
        using (var w = WalTestData.OpenWriter(tmp.Path))
        {
            w.AppendSample(1, 1, 1);
            w.Commit();
        }
        Assert.Equal(WalFormat.PageSize, new FileInfo(WalFormat.SegmentPath(tmp.Path, 0)).Length);
    }

    [Fact]
    public void NextSegment_startsTheNextSegmentAndKeepsStagedRecords()
    {
        using var tmp = new TempDirectory();
        using var w = WalTestData.OpenWriter(tmp.Path);
        w.AppendSample(1, 1, 1);
        w.Commit();
        w.AppendSample(1, 2, 2);
        Assert.Equal(1, w.NextSegment());
        w.Commit();
        var read = WalTestData.ReadAll(tmp.Path);
        Assert.Equal([new WalPosition(0, 0), new WalPosition(1, 0)], read.Select(r => r.Start));
        Assert.Equal(WalFormat.PageSize, new FileInfo(WalFormat.SegmentPath(tmp.Path, 0)).Length);
    }

    [Fact]
    public void TruncateSegmentsBefore_deletesOlderSegmentsOnly()
    {
        using var tmp = new TempDirectory();
        using var w = WalTestData.OpenWriter(tmp.Path);
        for (var i = 0; i < 4; i++)
        {
            w.AppendSample(1, i, i);
            w.Commit();
            w.NextSegment();
        }
        w.TruncateSegmentsBefore(3);
        Assert.Equal([3, 4], WalDirectory.ListSegments(tmp.Path));
        Assert.Equal(1, w.Metrics.Truncations);
        Assert.Throws<ArgumentOutOfRangeException>(() => w.TruncateSegmentsBefore(5));
    }

    [Theory]
    [InlineData(0)]
    [InlineData(1000)]
    [InlineData(WalFormat.PageSize + 1)]
    public void Open_segmentSizeNotAPageMultiple_isRejected(int size)
    {
        using var tmp = new TempDirectory();
        var e = Assert.Throws<ArgumentException>(() => WalTestData.OpenWriter(tmp.Path, segmentSize: size));
        Assert.Contains("page size", e.Message, StringComparison.Ordinal);
    }
}
