namespace Scraper.Actors.RemoteWrite.Watching;

/// <summary>
/// What <see cref="ShardCountCalculator.Tick"/> decided: the shard count to run (the current one unless
/// <see cref="Reason"/> is <see cref="ShardCountReason.Reshard"/>) and the unrounded desired count
/// (<c>prometheus_remote_storage_shards_desired</c>; NaN before anything was sent).
/// </summary>
public readonly record struct ShardCountDecision(int Shards, double Desired, ShardCountReason Reason);
