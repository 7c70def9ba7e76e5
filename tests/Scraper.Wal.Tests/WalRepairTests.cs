using Scraper.Protocol.Model;

namespace Scraper.Wal.Tests;

public class WalRepairTests
{
    private static List<WalPosition> WriteCommits(string dir, int commits, int segmentSize, int samplesPerCommit = 3000)
    {
        var ends = new List<WalPosition>();
        using var w = WalTestData.OpenWriter(dir, compress: false, segmentSize: segmentSize);
        for (var c = 0; c < commits; c++)
        {
            w.AppendSeries((ulong)c + 1, Labels.FromStrings("__name__", "m", "c", c.ToString(System.Globalization.CultureInfo.InvariantCulture)));
            for (var i = 0; i < samplesPerCommit; i++)
            {
                w.AppendSample((ulong)c + 1, c, i);
            }
            ends.Add(w.Commit());
        }
        return ends;
    }

    private static List<long> CommitIds(string dir)
    {
        var ids = new List<long>();
        var samples = new List<RefSample>();
        foreach (var (_, record) in WalTestData.ReadAll(dir, options: WalReaderOptions.SealedAll))
        {
            if (RecordDecoder.TypeOf(record) == WalRecordType.Samples)
            {
                samples.Clear();
                RecordDecoder.DecodeSamples(record, samples);
                ids.Add(samples[0].T);
            }
        }
        return ids;
    }

    [Fact]
    public void Open_tornLastRecord_isCutOffLoggedAndCounted()
    {
        using var tmp = new TempDirectory();
        var ends = WriteCommits(tmp.Path, 5, WalFormat.DefaultSegmentSize, samplesPerCommit: 5000);
        // A crash in the middle of the last commit: its samples record (> 1 page) is only partly in the file.
        var tornAt = ends[3].Offset;
        using (var f = File.OpenHandle(WalFormat.SegmentPath(tmp.Path, 0), FileMode.Open, FileAccess.ReadWrite))
        {
            RandomAccess.SetLength(f, tornAt + WalFormat.PageSize + 100);
        }

        // Until the writer reopens, a live reader sees four commits and the fifth one's series record, and waits
        // at the torn samples record.
        using (var live = new WalReader(tmp.Path, default))
        {
            var n = 0;
            while (live.Next() == WalReadStatus.Record)
            {
                n++;
            }
            Assert.Equal(9, n);
        }

        var log = new List<string>();
        var series = new SeriesRefs();
        using (var w = WalTestData.OpenWriter(tmp.Path, series: series, log: log))
        {
            var repair = Assert.Single(w.Replay.Repairs);
            Assert.Equal(0, repair.Segment);
            Assert.True(repair.Offset >= tornAt && repair.Offset < tornAt + WalFormat.PageSize, $"repair at {repair.Offset}");
            Assert.Equal(1, w.Metrics.CorruptionsRepaired);
            Assert.Contains(log, l => l.StartsWith("Warning", StringComparison.Ordinal) && l.Contains("truncated at offset", StringComparison.Ordinal));
            Assert.Equal(1, w.Segment);
            w.AppendSample(1, 99, 1);
            w.Commit();
        }

        Assert.Equal([0, 1, 2, 3, 99], CommitIds(tmp.Path));
    }

    [Fact]
    public void Open_flippedBytesMidSegment_readerReportsPositionAndRepairKeepsEverythingBefore()
    {
        using var tmp = new TempDirectory();
        WriteCommits(tmp.Path, 60, 4 * WalFormat.PageSize, samplesPerCommit: 2000);
        var before = WalTestData.ReadAll(tmp.Path, options: WalReaderOptions.SealedAll);
        var segments = WalDirectory.ListSegments(tmp.Path);
        Assert.True(segments.Count >= 4);

        // Flip bytes in the middle of segment 2, inside some record.
        var victimSegment = segments[2];
        var path = WalFormat.SegmentPath(tmp.Path, victimSegment);
        var bytes = File.ReadAllBytes(path);
        var flipAt = bytes.Length / 2;
        var hit = before.Last(r => r.Start.Segment == victimSegment && r.Start.Offset <= flipAt);
        for (var i = 0; i < 4; i++)
        {
            bytes[flipAt + i] ^= 0xA5;
        }
        File.WriteAllBytes(path, bytes);
        var untouched = segments.Where(s => s != victimSegment).ToDictionary(s => s, s => File.ReadAllBytes(WalFormat.SegmentPath(tmp.Path, s)));

        using (var reader = new WalReader(tmp.Path, default, WalReaderOptions.SealedAll))
        {
            var e = Assert.Throws<WalCorruptionException>(() =>
            {
                while (reader.Next() == WalReadStatus.Record)
                {
                }
            });
            Assert.Equal(hit.Start, e.Position);
        }

        using (var w = WalTestData.OpenWriter(tmp.Path))
        {
            var repair = Assert.Single(w.Replay.Repairs);
            Assert.Equal(hit.Start, new WalPosition(repair.Segment, repair.Offset));
        }

        // Segments other than the corrupt one are byte for byte what they were; the corrupt one ends at the bad record.
        foreach (var (s, content) in untouched)
        {
            Assert.Equal(content, File.ReadAllBytes(WalFormat.SegmentPath(tmp.Path, s)).AsSpan(0, content.Length).ToArray());
        }
        Assert.Equal(hit.Start.Offset, new FileInfo(path).Length);
        var after = WalTestData.ReadAll(tmp.Path, options: WalReaderOptions.SealedAll);
        var expected = before.Where(r => r.Start < hit.Start || r.Start.Segment > victimSegment).Select(r => r.Start);
        Assert.Equal(expected, after.Select(r => r.Start));
    }

    [Fact]
    public void Open_replay_rebuildsSeriesRefsAndLastTimestamps()
    {
        using var tmp = new TempDirectory();
        var a = Labels.FromStrings("__name__", "a");
        var b = Labels.FromStrings("__name__", "b");
        using (var w = WalTestData.OpenWriter(tmp.Path, segmentSize: WalFormat.PageSize))
        {
            var s = new SeriesRefs();
            var ra = s.GetOrCreate(a, out _);
            var rb = s.GetOrCreate(b, out _);
            w.AppendSeries(ra, a);
            w.AppendSeries(rb, b);
            w.AppendSample(ra, 100, 1);
            w.AppendSample(rb, 50, 1);
            w.Commit();
            w.NextSegment();
            w.AppendSample(ra, 200, 1);
            w.AppendSample(99, 300, 1); // a ref no series record introduced
            w.Commit();
        }

        var series = new SeriesRefs();
        using (var w = WalTestData.OpenWriter(tmp.Path, series: series))
        {
            Assert.Equal(2, w.Replay.Series);
            Assert.Equal(4, w.Replay.Samples);
            Assert.Equal(1, w.Replay.SamplesOfUnknownSeries);
            Assert.Equal(0, w.Replay.FirstSegment);
            Assert.Equal(1, w.Replay.LastSegment);
        }
        Assert.True(series.TryGetRef(a, out var refA));
        Assert.True(series.TryGetLastTimestamp(refA, out var lastA));
        Assert.Equal(200, lastA);
        Assert.True(series.TryGetRef(b, out var refB));
        Assert.True(series.TryGetLastTimestamp(refB, out var lastB));
        Assert.Equal(50, lastB);
        Assert.Equal(2UL, series.LastRef);
        Assert.Equal(3UL, series.GetOrCreate(Labels.FromStrings("__name__", "c"), out var created));
        Assert.True(created);
    }

    [Fact]
    public void Open_leftoverTemporaryCheckpoint_isDeleted()
    {
        using var tmp = new TempDirectory();
        var leftover = Path.Combine(tmp.Path, "checkpoint.00000003.tmp");
        Directory.CreateDirectory(leftover);
        File.WriteAllBytes(Path.Combine(leftover, "00000000"), [1, 2, 3]);
        using var w = WalTestData.OpenWriter(tmp.Path);
        Assert.False(Directory.Exists(leftover));
    }

    [Fact]
    public void Open_corruptCheckpoint_failsWithItsPosition()
    {
        using var tmp = new TempDirectory();
        var cp = Path.Combine(tmp.Path, "checkpoint.00000000");
        using (var w = WalTestData.OpenWriter(cp, compress: false))
        {
            w.AppendSeries(1, Labels.FromStrings("a", "b"));
            w.Commit();
        }
        var seg = WalFormat.SegmentPath(cp, 0);
        var bytes = File.ReadAllBytes(seg);
        bytes[10] ^= 1;
        File.WriteAllBytes(seg, bytes);

        var e = Assert.Throws<WalCorruptionException>(() => WalTestData.OpenWriter(tmp.Path));
        Assert.Equal(cp, e.Directory);
        Assert.Equal((0, 0L), (e.Segment, e.Offset));
    }

    [Fact]
    public void Open_segmentsWithAGap_fails()
    {
        using var tmp = new TempDirectory();
        File.WriteAllBytes(WalFormat.SegmentPath(tmp.Path, 0), []);
        File.WriteAllBytes(WalFormat.SegmentPath(tmp.Path, 2), []);
        var e = Assert.Throws<WalCorruptionException>(() => WalTestData.OpenWriter(tmp.Path));
        Assert.Contains("not sequential", e.Reason, StringComparison.Ordinal);
    }

    [Fact]
    public void Open_afterCheckpoint_continuesNumberingAfterIt()
    {
        using var tmp = new TempDirectory();
        Directory.CreateDirectory(Path.Combine(tmp.Path, "checkpoint.00000004"));
        using var w = WalTestData.OpenWriter(tmp.Path);
        Assert.Equal(5, w.Segment);
    }
}
