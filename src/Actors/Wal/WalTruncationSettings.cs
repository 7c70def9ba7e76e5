using Scraper.Wal;

namespace Scraper.Actors.Wal;

/// <summary>The plain values a <c>WalTruncationActor</c> runs with.</summary>
public sealed record WalTruncationSettings
{
    /// <summary>
    /// How often the WAL size is compared with the budget: often enough that a fast-growing WAL overshoots by at
    /// most a few seconds of writes, rarely enough that the directory listing costs nothing.
    /// </summary>
    public static readonly TimeSpan DefaultDiskCheckInterval = TimeSpan.FromSeconds(10);

    /// <summary>
    /// How long the appender may take to answer a truncation: a checkpoint reads and rewrites up to two thirds of
    /// the WAL, minutes for a WAL of many GiB on a slow disk.
    /// </summary>
    public static readonly TimeSpan DefaultTruncateTimeout = TimeSpan.FromMinutes(10);

    /// <summary>Frequency, min_wal_time and max_wal_time (Prometheus agent's defaults unless set).</summary>
    public WalTruncationOptions Options { get; init; } = new();

    /// <summary><c>--storage.agent.max-size</c> in bytes; null or 0 turns the disk budget off.</summary>
    public long? MaxSizeBytes { get; init; }

    /// <summary>See <see cref="DefaultDiskCheckInterval"/>.</summary>
    public TimeSpan DiskCheckInterval { get; init; } = DefaultDiskCheckInterval;

    /// <summary>See <see cref="DefaultTruncateTimeout"/>.</summary>
    public TimeSpan TruncateTimeout { get; init; } = DefaultTruncateTimeout;

    /// <summary>Whether the disk budget is on.</summary>
    public bool HasBudget => MaxSizeBytes is > 0;
}
