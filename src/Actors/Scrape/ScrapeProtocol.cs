using System.Collections.Immutable;
using Scraper.Protocol.Model;

namespace Scraper.Actors.Scrape;

/// <summary>Marker for the commands a scrape target entity handles.</summary>
public interface IScrapeCommand;

/// <summary>A message routed to one scrape target entity; its <see cref="TargetId"/> is the entity id.</summary>
public interface IWithTargetId
{
    /// <summary>The target's entity id (<see cref="TargetIdentity.EntityId"/>).</summary>
    string TargetId { get; }
}

/// <summary>
/// Sent by the discovery singleton through the shard region for every live target, on every change and on every
/// reconcile tick; no reply. Idempotent: the entity starts scraping, or adopts changed values. Plain data only (the
/// job's settings, with secrets, are looked up on the node by <paramref name="JobName"/>).
/// </summary>
/// <param name="TargetId">Entity id: the target's hash as 16 hex digits.</param>
/// <param name="JobName">The scrape pool (job_name) the target belongs to.</param>
/// <param name="ScrapeUrl">The URL to scrape.</param>
/// <param name="Labels">The target's public labels, attached to every scraped series.</param>
/// <param name="Interval">The target's scrape interval.</param>
/// <param name="Timeout">The target's scrape timeout.</param>
/// <param name="Lease">The entity stops itself (silently) when no EnsureTarget came for this long.</param>
/// <param name="ForcedError">Set when the pool exceeds target_limit: every scrape fails with this error.</param>
public sealed record EnsureTarget(
    string TargetId,
    string JobName,
    string ScrapeUrl,
    Labels Labels,
    TimeSpan Interval,
    TimeSpan Timeout,
    TimeSpan Lease,
    string? ForcedError = null) : IScrapeCommand, IWithTargetId;

/// <summary>
/// Sent by the discovery singleton through the shard region when a target disappeared; no reply. The entity writes
/// staleness markers for all of the target's series and stops.
/// </summary>
public sealed record RetireTarget(string TargetId) : IScrapeCommand, IWithTargetId;

/// <summary>
/// The shard region's hand-off stop message (a shard moves to another node, or the node leaves): the entity stops at
/// once and writes no staleness markers, since the target goes on being scraped elsewhere.
/// </summary>
public sealed record StopTarget : IScrapeCommand
{
    /// <summary>The one instance.</summary>
    public static StopTarget Instance { get; } = new();
}

/// <summary>Sent by a scrape target entity to its node's <c>TargetHealthActor</c> after each scrape; no reply.</summary>
public sealed record TargetScraped(TargetHealthInfo Health);

/// <summary>Sent by a scrape target entity to its node's <c>TargetHealthActor</c> when it stops; no reply.</summary>
public sealed record TargetStopped(string TargetId);

/// <summary>
/// Asks a node's <c>TargetHealthActor</c> for the health of the targets scraped on that node; the reply is
/// <see cref="TargetHealthSnapshot"/>. The discovery singleton sends it to every node's health actor.
/// </summary>
public sealed record GetTargetHealth
{
    /// <summary>The one instance.</summary>
    public static GetTargetHealth Instance { get; } = new();
}

/// <summary>Reply to <see cref="GetTargetHealth"/>: the health of every target scraped on the node, by target id.</summary>
public sealed record TargetHealthSnapshot(ImmutableDictionary<string, TargetHealthInfo> Targets);

/// <summary>The state of one target after its last scrape, as Prometheus's targets API shows it.</summary>
/// <param name="TargetId">The target's entity id.</param>
/// <param name="ScrapePool">The job name.</param>
/// <param name="Health">up, down or unknown.</param>
/// <param name="LastScrape">When the last scrape started (its timestamp); null before the first.</param>
/// <param name="LastScrapeDuration">How long the last scrape took.</param>
/// <param name="LastError">Why the last scrape failed; empty when it succeeded.</param>
public sealed record TargetHealthInfo(
    string TargetId,
    string ScrapePool,
    TargetHealth Health,
    DateTimeOffset? LastScrape,
    TimeSpan LastScrapeDuration,
    string LastError);
