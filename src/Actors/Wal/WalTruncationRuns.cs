using System.Collections.Immutable;
using Akka.Actor;

namespace Scraper.Actors.Wal;

/// <summary>Which schedule a truncation run served.</summary>
internal enum WalTruncationKind
{
    /// <summary>Every truncate_frequency.</summary>
    Time,

    /// <summary>The WAL was over --storage.agent.max-size.</summary>
    Budget,
}

/// <summary>
/// How a run of the <see cref="WalTruncationActor"/> ended: the request sent to the appender and its answer (null
/// when nothing was asked), the samples each endpoint loses to a forced deletion, or why nothing ran.
/// </summary>
internal sealed record WalTruncationOutcome(
    WalTruncationKind Kind,
    TruncateWal? Request,
    WalTruncated? Result,
    ImmutableArray<(EndpointAck Endpoint, long Samples)> Drops,
    string? Note);

/// <summary>
/// The runs of the <see cref="WalTruncationActor"/> as tasks it pipes to itself: they ask the appender and read
/// segments on the thread pool, and touch no actor state (everything they need comes in as arguments).
/// </summary>
internal static class WalTruncationRuns
{
    /// <summary>
    /// The time-driven truncation: <see cref="TruncateWal"/> with <paramref name="mint"/> keeping
    /// <paramref name="keepFrom"/>, unless max_wal_time (<paramref name="maxCutoff"/>) lets more go, which is then
    /// forced and its drops counted.
    /// </summary>
    public static async Task<WalTruncationOutcome> TruncateAsync(
        IActorRef appender, TimeSpan timeout, ImmutableArray<EndpointAck> endpoints, long mint, int keepFrom, long maxCutoff, bool mayNeedForce)
    {
        var force = false;
        ImmutableArray<(EndpointAck, long)> drops = [];
        if (mayNeedForce)
        {
            // Some endpoint lags more than max_wal_time: the segments holding only older data go even though it
            // has not been sent them.
            var status = await appender.Ask<WalStatus>(GetWalStatus.Instance, timeout).ConfigureAwait(false);
            var allowed = await Task.Run(() => WalSegmentScanner.FirstSegmentWithSampleAtOrAfter(
                status.Directory, status.FirstSegment, status.WriterSegment, maxCutoff)).ConfigureAwait(false);
            if (allowed > keepFrom)
            {
                force = true;
                keepFrom = allowed;
                drops = await Task.Run(() => Drops(status.Directory, status.FirstSegment, allowed, endpoints)).ConfigureAwait(false);
            }
        }
        var request = new TruncateWal(mint, keepFrom, force);
        var result = await appender.Ask<WalTruncated>(request, timeout).ConfigureAwait(false);
        return new WalTruncationOutcome(WalTruncationKind.Time, request, result, drops, null);
    }

    /// <summary>
    /// The disk budget: when the WAL is over <paramref name="budget"/>, force-deletes the oldest segments (never the
    /// one being written) that bring it under, counting the drops.
    /// </summary>
    public static async Task<WalTruncationOutcome> EnforceBudgetAsync(
        IActorRef appender, TimeSpan timeout, long budget, ImmutableArray<EndpointAck> endpoints, long mint)
    {
        var status = await appender.Ask<WalStatus>(GetWalStatus.Instance, timeout).ConfigureAwait(false);
        if (status.SizeBytes <= budget)
        {
            return new WalTruncationOutcome(WalTruncationKind.Budget, null, null, [], null);
        }
        var keepFrom = await Task.Run(() => WalSegmentScanner.KeepFromForBudget(
            status.Directory, status.FirstSegment, status.WriterSegment, status.SizeBytes, budget)).ConfigureAwait(false);
        if (keepFrom <= status.FirstSegment)
        {
            return new WalTruncationOutcome(WalTruncationKind.Budget, null, null, [],
                $"the WAL takes {status.SizeBytes} bytes, over the budget of {budget}, but only the segment being written is left to delete");
        }
        var (drops, newestDeleted) = await Task.Run(() => (
            Drops(status.Directory, status.FirstSegment, keepFrom, endpoints),
            WalSegmentScanner.MaxTimestamp(status.Directory, status.FirstSegment, keepFrom))).ConfigureAwait(false);
        // The checkpoint of the deleted segments keeps their samples at or after the cutoff; for the budget they must
        // go with their segments, or the checkpoint would take up the space just freed.
        if (newestDeleted != long.MinValue && newestDeleted >= mint)
        {
            mint = newestDeleted + 1;
        }
        var request = new TruncateWal(mint, keepFrom, Force: true);
        var result = await appender.Ask<WalTruncated>(request, timeout).ConfigureAwait(false);
        return new WalTruncationOutcome(WalTruncationKind.Budget, request, result, drops, null);
    }

    /// <summary>
    /// Per endpoint, the samples it has not acknowledged in the segments below <paramref name="keepFrom"/>. Counted
    /// from the positions as they were when the run started: an endpoint that moved on meanwhile is counted high.
    /// </summary>
    private static ImmutableArray<(EndpointAck, long)> Drops(string directory, int first, int keepFrom, ImmutableArray<EndpointAck> endpoints)
    {
        var builder = ImmutableArray.CreateBuilder<(EndpointAck, long)>();
        foreach (var e in endpoints)
        {
            if (e.Acked.Segment < keepFrom)
            {
                builder.Add((e, WalSegmentScanner.CountSamples(directory, first, e.Acked, keepFrom)));
            }
        }
        return builder.ToImmutable();
    }
}
