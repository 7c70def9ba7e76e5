using System.Globalization;

namespace Scraper.Wal;

/// <summary>
/// Runs one truncation the way Prometheus agent's <c>truncate</c> does: collect series silent since the cutoff,
/// start a new segment, checkpoint the lower two thirds of the older segments, delete those segments, forget
/// deleted series no segment needs any more, delete older checkpoints. <see cref="WalTruncationPolicy"/> decides
/// when and with which cutoff.
/// <para>
/// <see cref="Truncate"/> does it all on the caller's thread. An actor that must not block its mailbox while the
/// checkpoint reads old segments splits it: <see cref="Prepare"/> and <see cref="Complete"/> on the owner of the
/// writer and the series map, <see cref="Checkpoint"/> anywhere in between.
/// </para>
/// </summary>
public static class WalTruncator
{
    /// <summary>Truncates with cutoff <paramref name="mint"/>; a failed checkpoint throws, leaving the segments as they were.</summary>
    public static WalTruncationResult Truncate(
        WalWriter writer, SeriesRefs series, long mint, TimeProvider? timeProvider = null, Action<WalLogLevel, string>? log = null)
    {
        var time = timeProvider ?? TimeProvider.System;
        var started = time.GetTimestamp();
        var (plan, collected, newSegment) = Prepare(writer, series, mint);
        if (plan is null)
        {
            return new WalTruncationResult
            {
                Mint = mint,
                SeriesCollected = collected,
                NewSegment = newSegment,
                Duration = time.GetElapsedTime(started),
            };
        }
        var stats = Checkpoint(plan, writer.Metrics);
        Complete(writer, series, plan, log);
        var took = time.GetElapsedTime(started);
        log?.Invoke(
            WalLogLevel.Info,
            string.Create(
                CultureInfo.InvariantCulture,
                $"WAL checkpoint complete: segments {plan.First}..{plan.Last}, {stats.TotalSeries - stats.DroppedSeries} series and {stats.TotalSamples - stats.DroppedSamples} samples kept, {took.TotalMilliseconds:F0} ms"));
        return new WalTruncationResult
        {
            Mint = mint,
            SeriesCollected = collected,
            NewSegment = newSegment,
            Checkpoint = stats,
            DeletedSegmentsBelow = plan.Last + 1,
            Duration = took,
        };
    }

    /// <summary>
    /// On the owner: collects series silent since <paramref name="mint"/>, starts a new segment and plans the
    /// checkpoint. The plan is null when there are too few segments for one.
    /// </summary>
    public static (WalTruncationPlan? Plan, int SeriesCollected, int NewSegment) Prepare(WalWriter writer, SeriesRefs series, long mint)
    {
        ArgumentNullException.ThrowIfNull(writer);
        ArgumentNullException.ThrowIfNull(series);
        var range = WalDirectory.SegmentRange(writer.Directory);
        var collected = series.GarbageCollect(mint, range?.Last ?? writer.Segment);
        var newSegment = writer.NextSegment();
        if (range is not { } r || WalTruncationPolicy.CheckpointRange(r.First, r.Last) is not { } cp)
        {
            return (null, collected, newSegment);
        }
        var plan = new WalTruncationPlan
        {
            Directory = writer.Directory,
            Mint = mint,
            First = cp.First,
            Last = cp.Last,
            KeepSeries = series.CheckpointKeepSet(cp.Last),
            Compress = writer.Compress,
        };
        return (plan, collected, newSegment);
    }

    /// <summary>Anywhere: writes the checkpoint of <paramref name="plan"/>. Reads only finished segments.</summary>
    public static CheckpointStats Checkpoint(WalTruncationPlan plan, WalMetrics? metrics = null)
    {
        ArgumentNullException.ThrowIfNull(plan);
        var failed = true;
        try
        {
            var keep = plan.KeepSeries;
            var stats = WalCheckpoint.Create(plan.Directory, plan.First, plan.Last, keep.Contains, plan.Mint, plan.Compress);
            failed = false;
            return stats;
        }
        finally
        {
            metrics?.CheckpointCreated(failed);
        }
    }

    /// <summary>
    /// On the owner, after <see cref="Checkpoint"/> succeeded: deletes the checkpointed segments and older
    /// checkpoints, and forgets collected series no remaining segment needs. Failures to delete are logged and
    /// counted, not thrown: leftovers are ignored on replay (the checkpoint supersedes them) and retried next time.
    /// </summary>
    public static void Complete(WalWriter writer, SeriesRefs series, WalTruncationPlan plan, Action<WalLogLevel, string>? log = null)
    {
        ArgumentNullException.ThrowIfNull(writer);
        ArgumentNullException.ThrowIfNull(series);
        ArgumentNullException.ThrowIfNull(plan);
        try
        {
            writer.TruncateSegmentsBefore(plan.Last + 1);
        }
        catch (IOException e)
        {
            log?.Invoke(WalLogLevel.Error, $"deleting WAL segments below {plan.Last + 1} failed: {e.Message}");
        }
        series.ForgetDeleted(plan.Last);

        var deleteFailed = false;
        try
        {
            WalCheckpoint.DeleteBelow(plan.Directory, plan.Last);
        }
        catch (IOException e)
        {
            deleteFailed = true;
            log?.Invoke(WalLogLevel.Error, $"deleting checkpoints below {plan.Last} failed: {e.Message}");
        }
        writer.Metrics.CheckpointsDeleted(deleteFailed);
    }
}
