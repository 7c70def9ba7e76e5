using System.Diagnostics;
using System.Globalization;
using System.Threading.Channels;
using Scraper.TestSupport;

namespace Scraper.Wal.Tests;

/// <summary>
/// A child process appends with fsync per commit and is killed with SIGKILL at random moments, again and again on
/// the same WAL. Every commit the child reported as returned must be read back, whole and in order, and the reader
/// must never throw on the torn tail the kill leaves; the next run's open repairs it.
/// </summary>
public sealed class WalCrashTests : IDisposable
{
    private const int Runs = 24;
    private const long RunStride = 1_000_000;

    private readonly TempDirectory _tmp = new();
    private Process? _child;

    private sealed record Reported(long Run, long Commit, int Count);

    [Fact]
    public async Task Writer_killedWithSigkillAtRandomMoments_keepsEveryReturnedCommitInOrder()
    {
        var ct = TestContext.Current.CancellationToken;
        var rng = new Random(20250101);
        var reported = new List<Reported>();
        var tornTailsSeen = 0;

        for (var run = 1; run <= Runs; run++)
        {
            // Kill after a random number of returned commits (0 = as soon as the WAL is open), a random few
            // milliseconds later. Every other run aims at the next big commit instead: half of those kill as soon as
            // its first bytes reach the segment file (so the kill lands between the write() calls of one record),
            // the others a random few milliseconds into the commit.
            var killAfter = rng.Next(0, 8);
            var aim = (run % 4) switch { 1 => Aim.OnFirstWrite, 3 => Aim.IntoBigCommit, _ => Aim.None };
            reported.AddRange(await RunAndKill(run, rng.Next(), killAfter, aim, rng.Next(0, aim == Aim.IntoBigCommit ? 12 : 3), ct));

            // Before any repair: a live reader reads everything complete and stops at the torn tail without throwing.
            var (records, torn) = ReadLive();
            tornTailsSeen += torn ? 1 : 0;
            Verify(records, reported);
        }

        // Opening the WAL repairs the last tear; then a sealed reader (which reports torn records) reads it all.
        using (var w = WalTestData.OpenWriter(_tmp.Path))
        {
            Assert.True(w.Replay.Repairs.Count <= 1);
        }
        Verify(WalTestData.ReadAll(_tmp.Path, options: WalReaderOptions.SealedAll).Select(r => r.Record).ToList(), reported);
        Assert.True(reported.Count >= Runs, $"only {reported.Count} commits were reported");
        Assert.True(tornTailsSeen > 0, "no kill tore a record: the test did not exercise the torn tail");
        TestContext.Current.TestOutputHelper?.WriteLine($"{reported.Count} commits over {Runs} kills; {tornTailsSeen} kills left a torn tail");
    }

    private enum Aim
    {
        None,
        IntoBigCommit,
        OnFirstWrite,
    }

    private async Task<List<Reported>> RunAndKill(int run, int seed, int killAfter, Aim aim, int delayMs, CancellationToken ct)
    {
        var start = new ProcessStartInfo(DotnetHost.Path)
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        start.ArgumentList.Add(Path.Combine(AppContext.BaseDirectory, "Scraper.Wal.CrashChild.dll"));
        start.ArgumentList.Add(_tmp.Path);
        start.ArgumentList.Add(run.ToString(CultureInfo.InvariantCulture));
        start.ArgumentList.Add((8 * WalFormat.PageSize).ToString(CultureInfo.InvariantCulture));
        start.ArgumentList.Add(seed.ToString(CultureInfo.InvariantCulture));

        var lines = Channel.CreateUnbounded<string>();
        _child = Process.Start(start)!;
        var pump = Task.Run(
            async () =>
            {
                while (await _child.StandardOutput.ReadLineAsync(ct) is { } line)
                {
                    lines.Writer.TryWrite(line);
                }
                lines.Writer.TryComplete();
            },
            ct);
        var stderr = _child.StandardError.ReadToEndAsync(ct);

        var result = new List<Reported>();
        var ready = false;
        var aimed = false;
        using var deadline = CancellationTokenSource.CreateLinkedTokenSource(ct);
        deadline.CancelAfter(TimeSpan.FromSeconds(60));
        var sizeAtBegin = 0L;
        var newest = 0;
        while (!ready || result.Count < killAfter || (aim != Aim.None && !aimed))
        {
            string line;
            try
            {
                line = await lines.Reader.ReadAsync(deadline.Token);
            }
            catch (ChannelClosedException)
            {
                Assert.Fail($"child exited early with {_child.ExitCode}: {await stderr}");
                throw;
            }
            if (line.StartsWith("ready", StringComparison.Ordinal))
            {
                ready = true;
                continue;
            }
            if (line.StartsWith("begin", StringComparison.Ordinal))
            {
                aimed = result.Count >= killAfter;
                newest = WalDirectory.SegmentRange(_tmp.Path)!.Value.Last;
                sizeAtBegin = TailSize(newest);
                continue;
            }
            result.Add(Parse(line)!);
        }

        if (aim == Aim.OnFirstWrite)
        {
            // Poll (bounded) until the big record's first buffers reach the file (more than the padding a segment
            // switch adds): the rest of the record is not written yet.
            var watch = Stopwatch.StartNew();
            while (TailSize(newest) < sizeAtBegin + WalFormat.PageSize && watch.Elapsed < TimeSpan.FromSeconds(5) && !_child.HasExited)
            {
                await Task.Yield();
            }
        }
        else if (delayMs > 0)
        {
            // A few milliseconds at most: the point is a random moment inside what the child is doing now.
            await Task.Delay(delayMs, ct);
        }
        _child.Kill(); // SIGKILL, by the child's PID
        await _child.WaitForExitAsync(ct);
        await pump;
        // Lines printed before the kill landed are commits that returned too; a half-printed last line is not
        // counted (its commit returned, so it is in the WAL anyway, just not required).
        while (lines.Reader.TryRead(out var rest))
        {
            if (Parse(rest) is { } r)
            {
                result.Add(r);
            }
        }
        _child.Dispose();
        _child = null;
        return result;
    }

    /// <summary>Bytes in segment <paramref name="segment"/> and the one after it (where a big record goes).</summary>
    private long TailSize(int segment)
    {
        long total = 0;
        for (var s = segment; s <= segment + 1; s++)
        {
            var f = new FileInfo(WalFormat.SegmentPath(_tmp.Path, s));
            total += f.Exists ? f.Length : 0;
        }
        return total;
    }

    private static Reported? Parse(string line)
    {
        var parts = line.Split(' ');
        if (parts.Length != 3
            || !long.TryParse(parts[0], CultureInfo.InvariantCulture, out var run)
            || !long.TryParse(parts[1], CultureInfo.InvariantCulture, out var commit)
            || !int.TryParse(parts[2], CultureInfo.InvariantCulture, out var count))
        {
            return null;
        }
        return new Reported(run, commit, count);
    }

    private (List<byte[]> Records, bool Torn) ReadLive()
    {
        using var reader = new WalReader(_tmp.Path, default);
        var records = new List<byte[]>();
        while (reader.Next() == WalReadStatus.Record)
        {
            records.Add(reader.Record.ToArray());
        }
        // The tail is torn when the newest segment holds bytes after the last complete record.
        var last = WalDirectory.SegmentRange(_tmp.Path)!.Value.Last;
        var length = new FileInfo(WalFormat.SegmentPath(_tmp.Path, last)).Length;
        var torn = reader.Position.Segment == last && length > reader.Position.Offset
            && File.ReadAllBytes(WalFormat.SegmentPath(_tmp.Path, last)).AsSpan((int)reader.Position.Offset).IndexOfAnyExcept((byte)0) >= 0;
        return (records, torn);
    }

    /// <summary>
    /// Commits appear as runs of samples records with the commit's timestamp and values 0..n-1; commit keys strictly
    /// increase; each run's commits are 0..k without gaps; every reported commit is there whole. Only the last
    /// commit of a run may be partial (it did not return: the kill hit it between two of its records).
    /// </summary>
    private static void Verify(List<byte[]> records, List<Reported> reported)
    {
        var decoder = new RecordDecoder();
        var known = new HashSet<ulong>();
        var commits = new List<(long Key, int Count)>();
        var series = new List<RefSeries>();
        var samples = new List<RefSample>();
        foreach (var record in records)
        {
            switch (RecordDecoder.TypeOf(record))
            {
                case WalRecordType.Series:
                    series.Clear();
                    decoder.DecodeSeries(record, series);
                    known.UnionWith(series.Select(s => s.Ref));
                    break;
                case WalRecordType.Samples:
                    samples.Clear();
                    RecordDecoder.DecodeSamples(record, samples);
                    foreach (var s in samples)
                    {
                        Assert.Contains(s.Ref, known);
                        if (commits.Count == 0 || commits[^1].Key != s.T)
                        {
                            if (commits.Count > 0)
                            {
                                Assert.True(s.T > commits[^1].Key, $"commit {s.T} after {commits[^1].Key}");
                            }
                            commits.Add((s.T, 0));
                        }
                        Assert.Equal(commits[^1].Count, (int)s.V);
                        commits[^1] = (s.T, commits[^1].Count + 1);
                    }
                    break;
                default:
                    Assert.Fail($"unexpected record type {record[0]}");
                    break;
            }
        }

        var byKey = commits.ToDictionary(c => c.Key, c => c.Count);
        foreach (var r in reported)
        {
            Assert.True(byKey.TryGetValue((r.Run * RunStride) + r.Commit, out var count), $"reported commit {r.Run}/{r.Commit} is missing");
            Assert.Equal(r.Count, count);
        }
        foreach (var run in commits.GroupBy(c => c.Key / RunStride))
        {
            Assert.Equal(Enumerable.Range(0, run.Count()).Select(i => (long)i), run.Select(c => c.Key % RunStride));
        }
    }

    public void Dispose()
    {
        if (_child is { HasExited: false })
        {
            _child.Kill();
            _child.WaitForExit();
        }
        _child?.Dispose();
        _tmp.Dispose();
    }
}
