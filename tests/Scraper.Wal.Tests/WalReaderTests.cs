namespace Scraper.Wal.Tests;

public class WalReaderTests
{
    private static byte[][] WriteRecords(string dir, int count, int segmentSize = 4 * WalFormat.PageSize, bool compress = true)
    {
        var rng = new Random(5);
        var records = Enumerable.Range(0, count)
            .Select(i => i % 2 == 0 ? WalTestData.Incompressible(rng.Next(1, 40_000), i) : new byte[rng.Next(1, 5000)])
            .ToArray();
        using var w = WalTestData.OpenWriter(dir, compress, segmentSize);
        foreach (var r in records)
        {
            w.AppendRecord(r);
            w.Commit();
        }
        return records;
    }

    [Fact]
    public void Next_fromASavedPosition_resumesAtTheNextRecordExactly()
    {
        using var tmp = new TempDirectory();
        var records = WriteRecords(tmp.Path, 40);
        var all = WalTestData.ReadAll(tmp.Path);

        using var reader = new WalReader(tmp.Path, default);
        for (var i = 0; i < 17; i++)
        {
            Assert.Equal(WalReadStatus.Record, reader.Next());
        }
        var saved = reader.Position;

        var rest = WalTestData.ReadAll(tmp.Path, saved);
        Assert.Equal(records.Length - 17, rest.Count);
        Assert.Equal(all[17].Start, rest[0].Start);
        for (var i = 0; i < rest.Count; i++)
        {
            Assert.True(records[17 + i].AsSpan().SequenceEqual(rest[i].Record));
        }
    }

    [Fact]
    public void Next_atTheEndOfTheLiveSegment_returnsEndOfDataAndPicksUpLaterCommits()
    {
        using var tmp = new TempDirectory();
        using var w = WalTestData.OpenWriter(tmp.Path, segmentSize: 2 * WalFormat.PageSize);
        using var reader = new WalReader(tmp.Path, default);
        Assert.Equal(WalReadStatus.EndOfData, reader.Next());

        var expected = new List<byte[]>();
        for (var round = 0; round < 20; round++)
        {
            var rec = WalTestData.Incompressible(3000 + (round * 997), round);
            expected.Add(rec);
            w.AppendRecord(rec);
            w.Commit();
            Assert.Equal(WalReadStatus.Record, reader.Next());
            Assert.True(rec.AsSpan().SequenceEqual(reader.Record));
            Assert.Equal(WalReadStatus.EndOfData, reader.Next());
        }
        Assert.True(w.Segment > 0, "the test should cross segments");
    }

    [Fact]
    public void Next_liveReaderAtEveryCutOfASegment_neverThrowsAndReturnsOnlyCompleteRecords()
    {
        using var tmp = new TempDirectory();
        var source = tmp.Sub("source");
        var records = WriteRecords(source, 12, segmentSize: 64 * WalFormat.PageSize);
        var full = File.ReadAllBytes(WalFormat.SegmentPath(source, 0));
        var (starts, ends) = Extents(source);

        var cut = tmp.Sub("cut");
        var path = WalFormat.SegmentPath(cut, 0);
        foreach (var length in CutPoints(full.Length, starts))
        {
            File.WriteAllBytes(path, full.AsSpan(0, length).ToArray());
            using var reader = new WalReader(cut, default);
            var n = 0;
            while (reader.Next() == WalReadStatus.Record)
            {
                Assert.True(records[n].AsSpan().SequenceEqual(reader.Record));
                n++;
            }
            // Exactly the records whose last byte is within the cut were returned; the rest is "not written yet".
            Assert.Equal(ends.Count(e => e <= length), n);
            Assert.Equal(n == 0 ? 0 : ends[n - 1], reader.Position.Offset);
        }
    }

    [Fact]
    public void Next_sealedReaderAtACutInsideARecord_reportsTheRecordStart()
    {
        using var tmp = new TempDirectory();
        var source = tmp.Sub("source");
        WriteRecords(source, 12, segmentSize: 64 * WalFormat.PageSize);
        var full = File.ReadAllBytes(WalFormat.SegmentPath(source, 0));
        var (starts, ends) = Extents(source);

        var cut = tmp.Sub("cut");
        foreach (var length in CutPoints(full.Length, starts))
        {
            File.WriteAllBytes(WalFormat.SegmentPath(cut, 0), full.AsSpan(0, length).ToArray());
            // Records ending within the cut are whole; the cut tears the next one if it reaches past its start
            // (the bytes between a record's end and the next start are zero padding, which is a clean end).
            var whole = ends.Count(e => e <= length);
            var torn = whole < starts.Count && length > starts[whole];
            using var reader = new WalReader(cut, default, WalReaderOptions.SealedAll);
            for (var i = 0; i < whole; i++)
            {
                Assert.Equal(WalReadStatus.Record, reader.Next());
            }
            if (!torn)
            {
                Assert.Equal(WalReadStatus.EndOfData, reader.Next());
                continue;
            }
            var e = Assert.Throws<WalCorruptionException>(() => reader.Next());
            Assert.Equal((0, starts[whole]), (e.Segment, e.Offset));
            Assert.Contains("torn", e.Reason, StringComparison.Ordinal);
        }
    }

    /// <summary>Start and end offset of each record of segment 0 (ends exclude any padding after the record).</summary>
    private static (List<long> Starts, List<long> Ends) Extents(string dir)
    {
        var starts = new List<long>();
        var ends = new List<long>();
        using var reader = new WalReader(dir, default);
        while (reader.Next() == WalReadStatus.Record)
        {
            starts.Add(reader.RecordStart.Offset);
            ends.Add(reader.Position.Offset);
        }
        return (starts, ends);
    }

    private static SortedSet<int> CutPoints(int length, List<long> starts)
    {
        var points = new SortedSet<int>();
        for (var i = 0; i <= length; i += 211)
        {
            points.Add(i);
        }
        foreach (var s in starts)
        {
            for (var d = -8; d <= 8; d++)
            {
                points.Add((int)Math.Clamp(s + d, 0, length));
            }
        }
        for (var p = WalFormat.PageSize; p < length; p += WalFormat.PageSize)
        {
            for (var d = -8; d <= 8; d++)
            {
                points.Add(p + d);
            }
        }
        points.Add(length);
        return points;
    }

    [Fact]
    public void Next_tornRecordInAFinishedSegment_isCorruptionWithSegmentAndOffset()
    {
        using var tmp = new TempDirectory();
        WriteRecords(tmp.Path, 30, segmentSize: 2 * WalFormat.PageSize);
        var segments = WalDirectory.ListSegments(tmp.Path);
        Assert.True(segments.Count >= 3);
        var victim = WalFormat.SegmentPath(tmp.Path, segments[1]);
        var recordsInVictim = WalTestData.ReadAll(tmp.Path).Where(r => r.Start.Segment == segments[1]).ToList();
        var lastStart = recordsInVictim[^1].Start.Offset;
        using (var f = File.OpenHandle(victim, FileMode.Open, FileAccess.ReadWrite))
        {
            RandomAccess.SetLength(f, lastStart + 20);
        }

        using var reader = new WalReader(tmp.Path, default);
        var e = Assert.Throws<WalCorruptionException>(() =>
        {
            while (reader.Next() == WalReadStatus.Record)
            {
            }
        });
        Assert.Equal((segments[1], lastStart), (e.Segment, e.Offset));
    }

    [Fact]
    public void Next_positionInATruncatedSegment_reportsSegmentTruncated()
    {
        using var tmp = new TempDirectory();
        WriteRecords(tmp.Path, 30, segmentSize: 2 * WalFormat.PageSize);
        File.Delete(WalFormat.SegmentPath(tmp.Path, 0));
        File.Delete(WalFormat.SegmentPath(tmp.Path, 1));

        using var reader = new WalReader(tmp.Path, new WalPosition(1, 100));
        Assert.Equal(WalReadStatus.SegmentTruncated, reader.Next());
        Assert.Equal(new WalPosition(1, 100), reader.Position);
    }

    [Fact]
    public void Next_segmentMissingBetweenOthers_isCorruption()
    {
        using var tmp = new TempDirectory();
        WriteRecords(tmp.Path, 30, segmentSize: 2 * WalFormat.PageSize);
        File.Delete(WalFormat.SegmentPath(tmp.Path, 2));

        using var reader = new WalReader(tmp.Path, WalPosition.StartOf(2));
        var e = Assert.Throws<WalCorruptionException>(() => reader.Next());
        Assert.Equal(2, e.Segment);
    }

    [Fact]
    public void Next_positionAheadOfTheLastSegment_isEndOfData()
    {
        using var tmp = new TempDirectory();
        WriteRecords(tmp.Path, 3);
        using var reader = new WalReader(tmp.Path, WalPosition.StartOf(7));
        Assert.Equal(WalReadStatus.EndOfData, reader.Next());
    }

    [Fact]
    public void Next_withLastSegment_stopsAfterIt()
    {
        using var tmp = new TempDirectory();
        WriteRecords(tmp.Path, 30, segmentSize: 2 * WalFormat.PageSize);
        var all = WalTestData.ReadAll(tmp.Path);
        var upTo1 = WalTestData.ReadAll(tmp.Path, options: new WalReaderOptions { Sealed = true, LastSegment = 1 });
        Assert.Equal(all.Where(r => r.Start.Segment <= 1).Select(r => r.Start), upTo1.Select(r => r.Start));
    }

    [Fact]
    public void Next_flippedByte_reportsChecksumMismatchAtTheRecordStart()
    {
        using var tmp = new TempDirectory();
        WriteRecords(tmp.Path, 20, segmentSize: 16 * WalFormat.PageSize);
        var records = WalTestData.ReadAll(tmp.Path);
        var target = records[7];
        var path = WalFormat.SegmentPath(tmp.Path, target.Start.Segment);
        var bytes = File.ReadAllBytes(path);
        bytes[target.Start.Offset + 7 + 3] ^= 0x40;
        File.WriteAllBytes(path, bytes);

        using var reader = new WalReader(tmp.Path, default);
        for (var i = 0; i < 7; i++)
        {
            Assert.Equal(WalReadStatus.Record, reader.Next());
        }
        var e = Assert.Throws<WalCorruptionException>(() => reader.Next());
        Assert.Equal(target.Start, e.Position);
        Assert.Contains("checksum", e.Reason, StringComparison.Ordinal);
        Assert.Contains(WalFormat.SegmentName(target.Start.Segment), e.Message, StringComparison.Ordinal);
    }

    public static TheoryData<byte[], string> BadFragments => new()
    {
        { [0x05, 0, 1, 0, 0, 0, 0, 0], "unknown fragment type" },
        { [0x03, 0, 1, .. Crc([0]), 0], "without a first fragment" },
        { [0x02, 0, 1, .. Crc([9]), 9, 0x01, 0, 1, .. Crc([8]), 8], "while the record that started at 0 is unfinished" },
        { [0x01, 0x80, 0x00, 0, 0, 0, 0], "cross the page boundary" },
        { [0x00, 0x00, 0x01], "non-zero byte in page padding" },
    };

    private static byte[] Crc(byte[] data)
    {
        var b = new byte[4];
        System.Buffers.Binary.BinaryPrimitives.WriteUInt32BigEndian(b, SpecReader.Crc(data));
        return b;
    }

    [Theory]
    [MemberData(nameof(BadFragments))]
    public void Next_invalidFraming_isCorruption(byte[] bytes, string reason)
    {
        using var tmp = new TempDirectory();
        var page = new byte[WalFormat.PageSize];
        bytes.CopyTo(page, 0);
        File.WriteAllBytes(WalFormat.SegmentPath(tmp.Path, 0), page);
        using var reader = new WalReader(tmp.Path, default, WalReaderOptions.SealedAll);
        var e = Assert.Throws<WalCorruptionException>(() => reader.Next());
        Assert.Contains(reason, e.Reason, StringComparison.Ordinal);
        Assert.Equal(0, e.Offset);
    }

    [Fact]
    public async Task Next_concurrentWriterWithNotifier_deliversEveryCommitInOrder()
    {
        using var tmp = new TempDirectory();
        var notifier = new WalNotifier();
        const int commits = 400;
        var ct = TestContext.Current.CancellationToken;

        var readerTask = Task.Run(
            async () =>
            {
                var got = new List<long>();
                using var reader = new WalReader(tmp.Path, default);
                while (got.Count < commits)
                {
                    var seen = notifier.Version;
                    var status = reader.Next();
                    if (status == WalReadStatus.Record)
                    {
                        got.Add(BitConverter.ToInt64(reader.Record[..8]));
                        continue;
                    }
                    Assert.Equal(WalReadStatus.EndOfData, status);
                    await notifier.WaitAsync(seen, TimeSpan.FromSeconds(1), cancellationToken: ct);
                }
                return got;
            },
            ct);

        using (var w = WalTestData.OpenWriter(tmp.Path, segmentSize: 2 * WalFormat.PageSize, notifier: notifier))
        {
            for (long i = 0; i < commits; i++)
            {
                var rec = new byte[8 + (int)(i * 131 % 20_000)];
                BitConverter.TryWriteBytes(rec, i);
                w.AppendRecord(rec);
                w.Commit();
            }
        }

        var received = await readerTask.WaitAsync(TimeSpan.FromSeconds(60), ct);
        Assert.Equal(Enumerable.Range(0, commits).Select(i => (long)i), received);
    }
}
