using System.Collections.Immutable;

namespace Scraper.Actors.Wal;

/// <summary>
/// Sent by the node to its <c>WalTruncationActor</c> at start and on every configuration reload: the
/// <c>remote_name</c>s of the configured remote_write endpoints. The actor truncates past a segment only once every
/// one of them has reported its acknowledged position (<c>RemoteWriteProgress</c>); an empty set truncates by time
/// only. No reply.
/// </summary>
public sealed record SetRemoteEndpoints(ImmutableHashSet<string> RemoteNames);

/// <summary>Asks the <c>WalTruncationActor</c> for its <see cref="WalTruncationStatus"/> (API, tests).</summary>
public sealed record GetWalTruncationStatus
{
    /// <summary>The one instance.</summary>
    public static GetWalTruncationStatus Instance { get; } = new();
}

/// <summary>
/// Reply to <see cref="GetWalTruncationStatus"/>: how many truncations ran (<see cref="Truncations"/>, time-driven)
/// and how many disk-budget deletions (<see cref="BudgetTruncations"/>), whether one is running now, which configured
/// endpoints have not reported yet (a truncation waits for them), and the last request sent to the appender with
/// its answer.
/// </summary>
public sealed record WalTruncationStatus(
    int Truncations,
    int BudgetTruncations,
    bool Busy,
    ImmutableArray<string> WaitingFor,
    TruncateWal? LastRequest,
    WalTruncated? LastResult);
