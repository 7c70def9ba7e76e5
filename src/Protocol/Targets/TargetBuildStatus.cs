namespace Scraper.Protocol.Targets;

/// <summary>What became of a discovered target after its labels were built.</summary>
public enum TargetBuildStatus
{
    /// <summary>A target to scrape; Prometheus lists it under <c>activeTargets</c>.</summary>
    Ok,

    /// <summary>Dropped by relabeling; Prometheus lists its discovered labels under <c>droppedTargets</c>.</summary>
    Dropped,

    /// <summary>Rejected (no address, bad interval, ...); Prometheus only logs it and lists it nowhere.</summary>
    Error,
}
