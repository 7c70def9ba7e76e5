namespace Scraper.Actors.RemoteWrite.Watching;

/// <summary>Why <see cref="ShardCountCalculator"/> kept or changed the shard count.</summary>
public enum ShardCountReason
{
    /// <summary>Change to <see cref="ShardCountDecision.Shards"/>.</summary>
    Reshard,

    /// <summary>No sample was sent yet: no rate to go by.</summary>
    NothingSent,

    /// <summary>The desired count is within 30 % of the current one.</summary>
    WithinTolerance,

    /// <summary>Fewer shards are wanted, but sending is more than 10 s behind reading.</summary>
    TooFarBehind,

    /// <summary>Clamped to min_shards or max_shards, which is the current count.</summary>
    AtBound,

    /// <summary>The last send finished too long ago: the receiver is failing.</summary>
    SendsFailing,
}
