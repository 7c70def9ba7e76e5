using Prometheus;
using Scraper.Wal;

namespace Scraper.Actors.Hosting;

/// <summary>Everything <see cref="WalAppenderHostingExtensions.WithWalAppender"/> needs: plain values, no binding.</summary>
public sealed record WalAppenderSetup
{
    /// <summary>How often the appender checks whether an interval fsync is due when no commit comes.</summary>
    public static readonly TimeSpan DefaultSyncCheckInterval = TimeSpan.FromMilliseconds(250);

    /// <summary>The WAL directory: <c>&lt;storage.agent.path&gt;/wal</c>.</summary>
    public required string Directory { get; init; }

    /// <summary>Where the appender's and the WAL's self-metrics go (the node's registry; tests pass their own).</summary>
    public required IMetricFactory MetricFactory { get; init; }

    /// <summary>Segment size (Prometheus's 128 MiB by default).</summary>
    public int SegmentSize { get; init; } = WalWriterOptions.DefaultSegmentSize;

    /// <summary>Snappy compression of records (on in Prometheus's agent).</summary>
    public bool Compress { get; init; } = true;

    /// <summary>When to fsync.</summary>
    public WalSyncPolicy SyncPolicy { get; init; } = WalSyncPolicy.Interval;

    /// <summary>The fsync interval of <see cref="WalSyncPolicy.Interval"/>.</summary>
    public TimeSpan SyncInterval { get; init; } = WalWriterOptions.DefaultSyncInterval;

    /// <summary>See <see cref="DefaultSyncCheckInterval"/>.</summary>
    public TimeSpan SyncCheckInterval { get; init; } = DefaultSyncCheckInterval;

    /// <summary>Signalled after every commit; the node creates it and hands the same instance to the remote-write watchers.</summary>
    public WalNotifier Notifier { get; init; } = new();

    /// <summary>Clock of the sync interval and the truncation timings.</summary>
    public TimeProvider TimeProvider { get; init; } = TimeProvider.System;
}
