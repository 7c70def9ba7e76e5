using System.Globalization;
using Scraper.Protocol.Model;
using Scraper.Wal;

namespace Scraper.Wal.CrashChild;

/// <summary>
/// Opens the WAL in args[0] (repairing what the previous kill tore), then commits forever with fsync per commit:
/// commit c of run r stages a new series and n samples, all with timestamp r*1e6+c and values 0..n-1, and after
/// Commit returns prints "r c n" on stdout. Most commits are small; one in eight has 150k-300k samples, one record
/// of several MiB that takes many write() calls, so a kill can tear it; right before committing those the child
/// prints "begin r c" so the test can aim a kill at them.
/// The test kills the process at a random moment.
/// </summary>
public static class Program
{
    public static int Main(string[] args)
    {
        if (args.Length != 4)
        {
            Console.Error.WriteLine("usage: CrashChild <wal dir> <run> <segment size> <seed>");
            return 2;
        }
        var dir = args[0];
        var run = long.Parse(args[1], CultureInfo.InvariantCulture);
        var segmentSize = int.Parse(args[2], CultureInfo.InvariantCulture);
        var rng = new Random(int.Parse(args[3], CultureInfo.InvariantCulture));

        var series = new SeriesRefs();
        using var writer = WalWriter.Open(
            new WalWriterOptions
            {
                Directory = dir,
                SegmentSize = segmentSize,
                SyncPolicy = WalSyncPolicy.PerCommit,
                Compress = rng.Next(2) == 0,
                MaxRecordBytes = 16 << 20,
            },
            series);
        Console.Out.WriteLine(string.Create(CultureInfo.InvariantCulture, $"ready {writer.Segment}"));
        Console.Out.Flush();

        for (long c = 0; ; c++)
        {
            var labels = Labels.FromStrings("__name__", "crash_test", "run", args[1], "commit", c.ToString(CultureInfo.InvariantCulture));
            var seriesRef = series.GetOrCreate(labels, out var created);
            if (created)
            {
                writer.AppendSeries(seriesRef, labels);
            }
            var big = rng.Next(8) == 0;
            var n = big ? rng.Next(150_000, 300_000) : rng.Next(1, 3000);
            var t = (run * 1_000_000) + c;
            for (var i = 0; i < n; i++)
            {
                writer.AppendSample(seriesRef, t, i);
            }
            if (big)
            {
                Console.Out.WriteLine(string.Create(CultureInfo.InvariantCulture, $"begin {run} {c}"));
                Console.Out.Flush();
            }
            writer.Commit();
            Console.Out.WriteLine(string.Create(CultureInfo.InvariantCulture, $"{run} {c} {n}"));
            Console.Out.Flush();
        }
    }
}
