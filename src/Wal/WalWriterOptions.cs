namespace Scraper.Wal;

/// <summary>Settings of a <see cref="WalWriter"/>; plain values, no configuration binding.</summary>
public sealed class WalWriterOptions
{
    /// <summary>Segment size: Prometheus's 128 MiB, so our segments look like the agent's.</summary>
    public const int DefaultSegmentSize = WalFormat.DefaultSegmentSize;

    /// <summary>
    /// Staged series or samples beyond this many encoded bytes are written as a record of their own within the
    /// commit: it bounds memory and record size (snappy gains nothing from blocks above 64 KiB anyway).
    /// </summary>
    public const int DefaultMaxRecordBytes = 1 << 20;

    /// <summary>fsync once a second by default: a machine crash loses at most a second, fsync cost stays flat.</summary>
    public static readonly TimeSpan DefaultSyncInterval = TimeSpan.FromSeconds(1);

    /// <summary>The WAL directory itself (<c>&lt;storage.agent.path&gt;/wal</c>); created when missing.</summary>
    public required string Directory { get; init; }

    /// <summary>Segment size in bytes; a multiple of the 32 KiB page size.</summary>
    public int SegmentSize { get; init; } = DefaultSegmentSize;

    /// <summary>Snappy-compress records that get smaller by it (Prometheus agent's default is on).</summary>
    public bool Compress { get; init; } = true;

    /// <summary>When to fsync.</summary>
    public WalSyncPolicy SyncPolicy { get; init; } = WalSyncPolicy.Interval;

    /// <summary>The interval of <see cref="WalSyncPolicy.Interval"/>.</summary>
    public TimeSpan SyncInterval { get; init; } = DefaultSyncInterval;

    /// <summary>See <see cref="DefaultMaxRecordBytes"/>.</summary>
    public int MaxRecordBytes { get; init; } = DefaultMaxRecordBytes;

    /// <summary>Clock for the sync interval and replay timing.</summary>
    public TimeProvider TimeProvider { get; init; } = TimeProvider.System;

    /// <summary>Signalled after every commit; pass one in to hand it to readers before the writer opens.</summary>
    public WalNotifier? Notifier { get; init; }

    /// <summary>Receives repairs, replay progress and failures; null to stay silent.</summary>
    public Action<WalLogLevel, string>? Log { get; init; }

    /// <summary>Throws <see cref="ArgumentException"/> naming the first bad setting.</summary>
    public void Validate()
    {
        if (string.IsNullOrWhiteSpace(Directory))
        {
            throw new ArgumentException("WAL directory is empty", nameof(Directory));
        }
        if (SegmentSize < WalFormat.PageSize || SegmentSize % WalFormat.PageSize != 0)
        {
            throw new ArgumentException(
                $"segment size {SegmentSize} is not a positive multiple of the page size {WalFormat.PageSize}", nameof(SegmentSize));
        }
        if (SyncPolicy == WalSyncPolicy.Interval && SyncInterval <= TimeSpan.Zero)
        {
            throw new ArgumentException($"sync interval {SyncInterval} must be positive", nameof(SyncInterval));
        }
        if (MaxRecordBytes < 1024)
        {
            throw new ArgumentException($"max record size {MaxRecordBytes} is below 1024 bytes", nameof(MaxRecordBytes));
        }
    }
}
