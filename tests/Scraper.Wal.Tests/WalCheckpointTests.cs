using Scraper.Protocol.Model;

namespace Scraper.Wal.Tests;

public class WalCheckpointTests
{
    private static Labels L(int i) => Labels.FromStrings("__name__", "m", "i", i.ToString(System.Globalization.CultureInfo.InvariantCulture));

    /// <summary>Segments 0..5, one commit each: series (i+1) introduced in segment i, samples of all series so far at t = 100*segment.</summary>
    private static void WriteSixSegments(string dir)
    {
        using var w = WalTestData.OpenWriter(dir);
        for (var seg = 0; seg < 6; seg++)
        {
            w.AppendSeries((ulong)seg + 1, L(seg + 1));
            w.AppendMetadata((ulong)seg + 1, MetricType.Gauge, "", "v" + seg);
            for (var s = 1; s <= seg + 1; s++)
            {
                w.AppendSample((ulong)s, 100 * seg, seg);
            }
            w.Commit();
            if (seg < 5)
            {
                w.NextSegment();
            }
        }
    }

    private static (List<RefSeries> Series, List<RefSample> Samples, List<RefMetadata> Metadata) Content(string dir)
    {
        var series = new List<RefSeries>();
        var samples = new List<RefSample>();
        var metadata = new List<RefMetadata>();
        var dec = new RecordDecoder();
        foreach (var (_, r) in WalTestData.ReadAll(dir, options: WalReaderOptions.SealedAll))
        {
            switch (RecordDecoder.TypeOf(r))
            {
                case WalRecordType.Series: dec.DecodeSeries(r, series); break;
                case WalRecordType.Samples: RecordDecoder.DecodeSamples(r, samples); break;
                case WalRecordType.Metadata: dec.DecodeMetadata(r, metadata); break;
            }
        }
        return (series, samples, metadata);
    }

    [Fact]
    public void Create_keepsWantedSeriesAndSamplesFromMintAndRenamesAtomically()
    {
        using var tmp = new TempDirectory();
        WriteSixSegments(tmp.Path);

        var stats = WalCheckpoint.Create(tmp.Path, 0, 3, r => r != 2, mint: 200, compress: true);

        var path = Path.Combine(tmp.Path, "checkpoint.00000003");
        Assert.Equal(path, stats.Path);
        Assert.True(File.Exists(WalFormat.SegmentPath(path, 0)));
        Assert.Empty(Directory.GetDirectories(tmp.Path, "*.tmp"));
        var (series, samples, metadata) = Content(path);
        Assert.Equal([1UL, 3, 4], series.Select(s => s.Ref));
        Assert.Equal(L(4), series[2].Labels);
        // Segments 2 and 3 have t = 200 and 300; all their samples are kept, including those of series 2
        // (samples are filtered by time only, as in Prometheus).
        Assert.Equal(3 + 4, samples.Count);
        Assert.All(samples, s => Assert.True(s.T >= 200));
        Assert.Equal([1UL, 3, 4], metadata.Select(m => m.Ref));
        Assert.Equal((4L, 1L, 10L, 3L), (stats.TotalSeries, stats.DroppedSeries, stats.TotalSamples, stats.DroppedSamples));
    }

    [Fact]
    public void Create_second_includesThePreviousCheckpoint()
    {
        using var tmp = new TempDirectory();
        WriteSixSegments(tmp.Path);
        WalCheckpoint.Create(tmp.Path, 0, 2, _ => true, mint: 0, compress: false);
        for (var s = 0; s <= 2; s++)
        {
            File.Delete(WalFormat.SegmentPath(tmp.Path, s));
        }

        var stats = WalCheckpoint.Create(tmp.Path, 0, 4, r => r % 2 == 1, mint: 0, compress: false);
        var (series, samples, _) = Content(stats.Path);
        Assert.Equal([1UL, 3, 5], series.Select(s => s.Ref));
        Assert.Equal(1 + 2 + 3 + 4 + 5, samples.Count);

        WalCheckpoint.DeleteBelow(tmp.Path, 4);
        Assert.Equal([4], WalDirectory.ListCheckpoints(tmp.Path).Select(c => c.Index));
    }

    [Fact]
    public void Create_gapToThePreviousCheckpoint_isRefused()
    {
        using var tmp = new TempDirectory();
        WriteSixSegments(tmp.Path);
        WalCheckpoint.Create(tmp.Path, 0, 1, _ => true, 0, false);
        Assert.Throws<InvalidOperationException>(() => WalCheckpoint.Create(tmp.Path, 3, 4, _ => true, 0, false));
    }

    [Fact]
    public void Create_corruptSegment_throwsAndLeavesNoCheckpoint()
    {
        using var tmp = new TempDirectory();
        WriteSixSegments(tmp.Path);
        var seg = WalFormat.SegmentPath(tmp.Path, 2);
        var bytes = File.ReadAllBytes(seg);
        bytes[12] ^= 0xff;
        File.WriteAllBytes(seg, bytes);

        var e = Assert.Throws<WalCorruptionException>(() => WalCheckpoint.Create(tmp.Path, 0, 3, _ => true, 0, true));
        Assert.Equal(2, e.Segment);
        Assert.Empty(Directory.GetDirectories(tmp.Path));
    }

    [Fact]
    public void Reader_positionInASegmentTruncatedAway_resumesFromCheckpointAndFirstRemainingSegment()
    {
        using var tmp = new TempDirectory();
        WriteSixSegments(tmp.Path);
        var watcherPosition = new WalPosition(1, 0);

        var stats = WalCheckpoint.Create(tmp.Path, 0, 3, _ => true, mint: 0, compress: true);
        for (var s = 0; s <= 3; s++)
        {
            File.Delete(WalFormat.SegmentPath(tmp.Path, s));
        }

        using (var reader = new WalReader(tmp.Path, watcherPosition))
        {
            Assert.Equal(WalReadStatus.SegmentTruncated, reader.Next());
        }
        // What a watcher does then: the checkpoint's series (and samples), then the first remaining segment.
        var (series, _, _) = Content(stats.Path);
        Assert.Equal(4, series.Count);
        var first = WalDirectory.SegmentRange(tmp.Path)!.Value.First;
        Assert.Equal(4, first);
        Assert.Equal(2, WalTestData.ReadAll(tmp.Path, WalPosition.StartOf(first)).Count(r => RecordDecoder.TypeOf(r.Record) == WalRecordType.Samples));
    }
}
