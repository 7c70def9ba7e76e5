using System.Globalization;
using Scraper.Protocol.Model;
using Scraper.Wal;

namespace Scraper.Wal.CrashChild;

/// <summary>
/// Opens the WAL in args[0] (repairing what the previous kill tore), then commits forever with fsync per commit:
/// commit c of run r stages a new series and 1..2999 samples, all with timestamp r*1e6+c and values 0..n-1, and
/// after Commit returns prints "r c n" on stdout. The test kills the process at a random moment.
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
            var n = rng.Next(1, 3000);
            var t = (run * 1_000_000) + c;
            for (var i = 0; i < n; i++)
            {
                writer.AppendSample(seriesRef, t, i);
            }
            writer.Commit();
            Console.Out.WriteLine(string.Create(CultureInfo.InvariantCulture, $"{run} {c} {n}"));
            Console.Out.Flush();
        }
    }
}
