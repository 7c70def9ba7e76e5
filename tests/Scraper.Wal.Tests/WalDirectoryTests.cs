namespace Scraper.Wal.Tests;

public class WalDirectoryTests
{
    [Fact]
    public void ListSegments_numericFileNamesOnly_sorted()
    {
        using var tmp = new TempDirectory();
        foreach (var name in new[] { "00000010", "00000002", "3", "lock", "00000002.repair", "checkpoint.00000001" })
        {
            File.WriteAllBytes(Path.Combine(tmp.Path, name), []);
        }
        Directory.CreateDirectory(Path.Combine(tmp.Path, "00000099"));
        Assert.Equal([2, 3, 10], WalDirectory.ListSegments(tmp.Path));
        Assert.Equal((2, 10), WalDirectory.SegmentRange(tmp.Path));
    }

    [Fact]
    public void ListCheckpoints_directoriesOnly_withoutTemporaryOnes()
    {
        using var tmp = new TempDirectory();
        tmp.Sub("checkpoint.00000012");
        tmp.Sub("checkpoint.00000003");
        tmp.Sub("checkpoint.00000020.tmp");
        tmp.Sub("checkpoint.x");
        Assert.Equal([3, 12], WalDirectory.ListCheckpoints(tmp.Path).Select(c => c.Index));
        Assert.Equal(12, WalDirectory.LastCheckpoint(tmp.Path)!.Value.Index);
    }

    [Fact]
    public void Names_areEightDigits()
    {
        Assert.Equal("00000012", WalFormat.SegmentName(12));
        Assert.Equal(Path.Combine("w", "checkpoint.00000007"), WalFormat.CheckpointPath("w", 7));
        Assert.Empty(WalDirectory.ListSegments(Path.Combine(Path.GetTempPath(), "does-not-exist-" + Guid.NewGuid())));
    }
}
