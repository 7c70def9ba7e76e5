namespace Scraper.Wal.Tests;

/// <summary>How records become fragments in pages and segments, checked with the documentation-only reader.</summary>
public class WalFramingTests
{
    private const int Page = WalFormat.PageSize;
    private const int MaxData = WalFormat.MaxFragmentData;

    private static string Seg(string dir, int i) => WalFormat.SegmentPath(dir, i);

    private static void Write(string dir, bool compress, int segmentSize, params byte[][] records)
    {
        using var w = WalTestData.OpenWriter(dir, compress, segmentSize);
        foreach (var r in records)
        {
            w.AppendRecord(r);
        }
        w.Commit();
    }

    private static void AssertRecords(string dir, byte[][] expected)
    {
        var ours = WalTestData.ReadAll(dir, options: WalReaderOptions.SealedAll).Select(r => r.Record).ToList();
        AssertSameRecords(expected, ours);
        AssertSameRecords(expected, SpecReader.Records(dir));
    }

    private static void AssertSameRecords(byte[][] expected, List<byte[]> actual)
    {
        Assert.Equal(expected.Length, actual.Count);
        for (var i = 0; i < expected.Length; i++)
        {
            Assert.True(expected[i].AsSpan().SequenceEqual(actual[i]), $"record {i} differs");
        }
    }

    [Theory]
    [InlineData(false)]
    [InlineData(true)]
    public void Record_smallerThanPage_isOneFullFragment(bool compress)
    {
        using var tmp = new TempDirectory();
        var rec = WalTestData.WithStoredSize(100, compress);
        Write(tmp.Path, compress, WalFormat.DefaultSegmentSize, rec);

        var f = SpecReader.Fragments(Seg(tmp.Path, 0));
        Assert.Equal([new SpecReader.Fragment(0, 1, compress, 100)], f);
        AssertRecords(tmp.Path, [rec]);
    }

    [Theory]
    [InlineData(false)]
    [InlineData(true)]
    public void Record_spanningThreePages_isFirstMiddleLast(bool compress)
    {
        using var tmp = new TempDirectory();
        var rec = WalTestData.WithStoredSize((2 * MaxData) + 500, compress);
        Write(tmp.Path, compress, WalFormat.DefaultSegmentSize, rec);

        var f = SpecReader.Fragments(Seg(tmp.Path, 0));
        Assert.Equal(
            [
                new SpecReader.Fragment(0, 2, compress, MaxData),
                new SpecReader.Fragment(Page, 3, compress, MaxData),
                new SpecReader.Fragment(2 * Page, 4, compress, 500),
            ],
            f);
        AssertRecords(tmp.Path, [rec]);
    }

    [Theory]
    [InlineData(false)]
    [InlineData(true)]
    public void Record_exactlyPageSized_fillsThePageAndTheNextStartsOnTheNextPage(bool compress)
    {
        using var tmp = new TempDirectory();
        var big = WalTestData.WithStoredSize(MaxData, compress);
        var small = WalTestData.WithStoredSize(50, compress, seed: 2);
        Write(tmp.Path, compress, WalFormat.DefaultSegmentSize, big, small);

        var f = SpecReader.Fragments(Seg(tmp.Path, 0));
        Assert.Equal([new SpecReader.Fragment(0, 1, compress, MaxData), new SpecReader.Fragment(Page, 1, compress, 50)], f);
        AssertRecords(tmp.Path, [big, small]);
    }

    [Theory]
    [InlineData(false)]
    [InlineData(true)]
    public void Record_leavingLessThanAHeader_padsThePageWithZeros(bool compress)
    {
        using var tmp = new TempDirectory();
        var first = WalTestData.WithStoredSize(MaxData - 5, compress);
        var second = WalTestData.WithStoredSize(10, compress, seed: 3);
        Write(tmp.Path, compress, WalFormat.DefaultSegmentSize, first, second);

        var bytes = File.ReadAllBytes(Seg(tmp.Path, 0));
        Assert.True(bytes.AsSpan(Page - 5, 5).IndexOfAnyExcept((byte)0) < 0);
        Assert.Equal(
            [new SpecReader.Fragment(0, 1, compress, MaxData - 5), new SpecReader.Fragment(Page, 1, compress, 10)],
            SpecReader.Fragments(Seg(tmp.Path, 0)));
        AssertRecords(tmp.Path, [first, second]);
    }

    [Theory]
    [InlineData(false)]
    [InlineData(true)]
    public void Record_notFittingAtSegmentEnd_goesWholeIntoTheNextSegment(bool compress)
    {
        using var tmp = new TempDirectory();
        var a = WalTestData.WithStoredSize(40_000, compress);
        var b = WalTestData.WithStoredSize(30_000, compress, seed: 4);
        Write(tmp.Path, compress, 2 * Page, a, b);

        // a: First (page 0) + Last (page 1); b does not fit in what is left of page 1, and records never cross
        // segments, so segment 0 is padded to its full size and b starts segment 1.
        Assert.Equal(2 * Page, new FileInfo(Seg(tmp.Path, 0)).Length);
        Assert.Equal(
            [new SpecReader.Fragment(0, 2, compress, MaxData), new SpecReader.Fragment(Page, 4, compress, 40_000 - MaxData)],
            SpecReader.Fragments(Seg(tmp.Path, 0)));
        Assert.Equal([new SpecReader.Fragment(0, 1, compress, 30_000)], SpecReader.Fragments(Seg(tmp.Path, 1))[..1]);

        var read = WalTestData.ReadAll(tmp.Path, options: WalReaderOptions.SealedAll);
        Assert.Equal([new WalPosition(0, 0), new WalPosition(1, 0)], read.Select(r => r.Start));
        AssertRecords(tmp.Path, [a, b]);
    }

    [Fact]
    public void Record_biggerThanASegment_getsAFreshSegmentToItself()
    {
        using var tmp = new TempDirectory();
        var small = WalTestData.Incompressible(10);
        var huge = WalTestData.Incompressible(3 * Page, seed: 9);
        Write(tmp.Path, compress: false, Page, small, huge, small);

        Assert.Equal([0, 1, 2], WalDirectory.ListSegments(tmp.Path));
        var read = WalTestData.ReadAll(tmp.Path, options: WalReaderOptions.SealedAll);
        Assert.Equal([new WalPosition(0, 0), new WalPosition(1, 0), new WalPosition(2, 0)], read.Select(r => r.Start));
        AssertRecords(tmp.Path, [small, huge, small]);
    }

    [Theory]
    [InlineData(false)]
    [InlineData(true)]
    public void Records_manySizesAcrossSegments_roundTripInOrder(bool compress)
    {
        using var tmp = new TempDirectory();
        var rng = new Random(11);
        var records = Enumerable.Range(0, 300)
            .Select(i => i % 3 == 0 ? WalTestData.Incompressible(rng.Next(0, 3 * Page), i) : new byte[rng.Next(1, 20_000)])
            .ToArray();
        Write(tmp.Path, compress, 4 * Page, records);

        Assert.True(WalDirectory.ListSegments(tmp.Path).Count > 10);
        AssertRecords(tmp.Path, records);
    }

    [Fact]
    public void Record_empty_isAZeroLengthFullFragment()
    {
        using var tmp = new TempDirectory();
        Write(tmp.Path, compress: true, WalFormat.DefaultSegmentSize, [], [1, 2, 3]);
        Assert.Equal(
            [new SpecReader.Fragment(0, 1, false, 0), new SpecReader.Fragment(7, 1, false, 3)],
            SpecReader.Fragments(Seg(tmp.Path, 0)));
        AssertRecords(tmp.Path, [[], [1, 2, 3]]);
    }

    [Fact]
    public void Compression_keepsRecordUncompressedWhenItWouldNotShrink()
    {
        using var tmp = new TempDirectory();
        var random = WalTestData.Incompressible(5000);
        var zeros = new byte[5000];
        using (var w = WalTestData.OpenWriter(tmp.Path, compress: true))
        {
            w.AppendRecord(random);
            w.AppendRecord(zeros);
            w.Commit();
            Assert.True(w.Metrics.RecordBytesSaved > 4000);
        }
        var f = SpecReader.Fragments(Seg(tmp.Path, 0));
        Assert.False(f[0].Snappy);
        Assert.True(f[1].Snappy);
        Assert.True(f[1].Length < 500);
        AssertRecords(tmp.Path, [random, zeros]);
    }
}
