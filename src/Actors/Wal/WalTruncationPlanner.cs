using Scraper.Wal;

namespace Scraper.Actors.Wal;

/// <summary>
/// Bounds a truncation plan by what the remote-write endpoints still need (<see cref="TruncateWal"/>): never
/// checkpoint (and so delete) a segment at or above the lowest segment some endpoint has not acknowledged; with
/// Force, checkpoint everything below that segment, ignoring Prometheus's two-thirds rule. Pure.
/// </summary>
internal static class WalTruncationPlanner
{
    /// <summary>
    /// The plan to run, or null for none. <paramref name="plan"/> is <see cref="WalTruncator.Prepare"/>'s (the lower
    /// two thirds of the finished segments, or null when too few); <paramref name="firstSegment"/> the oldest segment
    /// on disk; <paramref name="newSegment"/> the segment the truncation started; <paramref name="keepSet"/> gives the
    /// series a checkpoint ending at a segment must keep.
    /// </summary>
    public static WalTruncationPlan? Bound(
        WalTruncationPlan? plan,
        int? firstSegment,
        int newSegment,
        int keepFromSegment,
        bool force,
        Func<int, IReadOnlySet<ulong>> keepSet,
        string directory,
        long mint,
        bool compress)
    {
        ArgumentNullException.ThrowIfNull(keepSet);
        if (force)
        {
            if (firstSegment is not { } first)
            {
                return null;
            }
            var last = Math.Min(keepFromSegment - 1, newSegment - 1);
            if (last < first)
            {
                return null;
            }
            return new WalTruncationPlan
            {
                Directory = directory,
                Mint = mint,
                First = first,
                Last = last,
                KeepSeries = keepSet(last),
                Compress = compress,
            };
        }
        if (plan is null)
        {
            return null;
        }
        if (plan.Last < keepFromSegment)
        {
            return plan;
        }
        var bounded = keepFromSegment - 1;
        return bounded < plan.First ? null : plan with { Last = bounded, KeepSeries = keepSet(bounded) };
    }
}
