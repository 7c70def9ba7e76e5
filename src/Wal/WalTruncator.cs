using System.Globalization;

namespace Scraper.Wal;

/// <summary>
/// Runs one truncation the way Prometheus agent's <c>truncate</c> does: collect series silent since the cutoff,
/// start a new segment, checkpoint the lower two thirds of the older segments, delete those segments, forget
/// deleted series no segment needs any more, delete older checkpoints. Runs on the owner of the writer and the
/// series map (it uses both); <see cref="WalTruncationPolicy"/> decides when and with which cutoff.
/// </summary>
public static class WalTruncator
{
    /// <summary>Truncates with cutoff <paramref name="mint"/>; failures of the checkpoint throw, leaving the WAL as it was.</summary>
    public static WalTruncationResult Truncate(
        WalWriter writer, SeriesRefs series, long mint, TimeProvider? timeProvider = null, Action<WalLogLevel, string>? log = null)
    {
        ArgumentNullException.ThrowIfNull(writer);
        ArgumentNullException.ThrowIfNull(series);
        var time = timeProvider ?? TimeProvider.System;
        var started = time.GetTimestamp();
        var dir = writer.Directory;

        var range = WalDirectory.SegmentRange(dir);
        var collected = series.GarbageCollect(mint, range?.Last ?? writer.Segment);
        var newSegment = writer.NextSegment();
        if (range is not { } r || WalTruncationPolicy.CheckpointRange(r.First, r.Last) is not { } cp)
        {
            return new WalTruncationResult
            {
                Mint = mint,
                SeriesCollected = collected,
                NewSegment = newSegment,
                Duration = time.GetElapsedTime(started),
            };
        }

        CheckpointStats stats;
        var failed = true;
        try
        {
            stats = WalCheckpoint.Create(dir, cp.First, cp.Last, s => series.KeepInCheckpoint(s, cp.Last), mint, writer.Compress);
            failed = false;
        }
        finally
        {
            writer.Metrics.CheckpointCreated(failed);
        }

        try
        {
            writer.TruncateSegmentsBefore(cp.Last + 1);
        }
        catch (IOException e)
        {
            // Leftover segments are ignored on replay because the checkpoint supersedes them; the next truncation retries.
            log?.Invoke(WalLogLevel.Error, $"deleting WAL segments below {cp.Last + 1} failed: {e.Message}");
        }
        series.ForgetDeleted(cp.Last);

        var deleteFailed = false;
        try
        {
            WalCheckpoint.DeleteBelow(dir, cp.Last);
        }
        catch (IOException e)
        {
            deleteFailed = true;
            log?.Invoke(WalLogLevel.Error, $"deleting checkpoints below {cp.Last} failed: {e.Message}");
        }
        writer.Metrics.CheckpointsDeleted(deleteFailed);

        var took = time.GetElapsedTime(started);
        log?.Invoke(
            WalLogLevel.Info,
            string.Create(
                CultureInfo.InvariantCulture,
                $"WAL checkpoint complete: segments {cp.First}..{cp.Last}, {stats.TotalSeries - stats.DroppedSeries} series and {stats.TotalSamples - stats.DroppedSamples} samples kept, {took.TotalMilliseconds:F0} ms"));
        return new WalTruncationResult
        {
            Mint = mint,
            SeriesCollected = collected,
            NewSegment = newSegment,
            Checkpoint = stats,
            DeletedSegmentsBelow = cp.Last + 1,
            Duration = took,
        };
    }
}
