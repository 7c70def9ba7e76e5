using System.Globalization;

namespace Scraper.Wal;

/// <summary>Finds segments and checkpoints in a WAL directory, by Prometheus's naming rules.</summary>
public static class WalDirectory
{
    /// <summary>
    /// Segment numbers in <paramref name="directory"/>, ascending. Like Prometheus, any file whose whole name is a
    /// decimal number is a segment. Empty when the directory is missing or holds none.
    /// </summary>
    public static List<int> ListSegments(string directory)
    {
        var result = new List<int>();
        if (!System.IO.Directory.Exists(directory))
        {
            return result;
        }
        foreach (var path in System.IO.Directory.EnumerateFiles(directory))
        {
            if (int.TryParse(Path.GetFileName(path), NumberStyles.None, CultureInfo.InvariantCulture, out var index))
            {
                result.Add(index);
            }
        }
        result.Sort();
        return result;
    }

    /// <summary>First and last segment, or null when there is none.</summary>
    public static (int First, int Last)? SegmentRange(string directory)
    {
        var segments = ListSegments(directory);
        return segments.Count == 0 ? null : (segments[0], segments[^1]);
    }

    /// <summary>
    /// Checkpoints (<c>checkpoint.NNNNNNNN</c> directories) in <paramref name="walDirectory"/>, ascending by index;
    /// temporary ones (<c>.tmp</c>) are left out.
    /// </summary>
    public static List<(int Index, string Path)> ListCheckpoints(string walDirectory)
    {
        var result = new List<(int, string)>();
        if (!System.IO.Directory.Exists(walDirectory))
        {
            return result;
        }
        foreach (var path in System.IO.Directory.EnumerateDirectories(walDirectory, WalFormat.CheckpointPrefix + "*"))
        {
            var name = Path.GetFileName(path);
            if (int.TryParse(
                name.AsSpan(WalFormat.CheckpointPrefix.Length), NumberStyles.None, CultureInfo.InvariantCulture, out var index))
            {
                result.Add((index, path));
            }
        }
        result.Sort((a, b) => a.Item1.CompareTo(b.Item1));
        return result;
    }

    /// <summary>The newest checkpoint, or null when there is none.</summary>
    public static (int Index, string Path)? LastCheckpoint(string walDirectory)
    {
        var all = ListCheckpoints(walDirectory);
        return all.Count == 0 ? null : all[^1];
    }

    /// <summary>Total size in bytes of the files under <paramref name="directory"/>: <c>prometheus_tsdb_wal_storage_size_bytes</c>.</summary>
    public static long Size(string directory)
    {
        if (!System.IO.Directory.Exists(directory))
        {
            return 0;
        }
        long total = 0;
        foreach (var f in new DirectoryInfo(directory).EnumerateFiles("*", SearchOption.AllDirectories))
        {
            total += f.Length;
        }
        return total;
    }
}
