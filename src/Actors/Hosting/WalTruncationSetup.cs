using Prometheus;
using Scraper.Actors.Wal;
using Scraper.Wal;

namespace Scraper.Actors.Hosting;

/// <summary>Everything <see cref="WalTruncationHostingExtensions.WithWalTruncation"/> needs: plain values, no binding.</summary>
public sealed record WalTruncationSetup
{
    /// <summary>Where the drop counts go (<c>prometheus_remote_storage_samples_dropped_total</c>): the node's registry.</summary>
    public required IMetricFactory MetricFactory { get; init; }

    /// <summary>
    /// <c>--storage.agent.wal-truncate-frequency</c>, <c>--storage.agent.retention.min-time</c> and
    /// <c>--storage.agent.retention.max-time</c> (Prometheus agent's defaults: 2h, 5m, 4h).
    /// </summary>
    public WalTruncationOptions Options { get; init; } = new();

    /// <summary><c>--storage.agent.max-size</c> in bytes; null or 0 turns the disk budget off.</summary>
    public long? MaxSizeBytes { get; init; }

    /// <summary>How often the WAL size is compared with <see cref="MaxSizeBytes"/>.</summary>
    public TimeSpan DiskCheckInterval { get; init; } = WalTruncationSettings.DefaultDiskCheckInterval;

    /// <summary>How long the appender may take to answer a truncation.</summary>
    public TimeSpan TruncateTimeout { get; init; } = WalTruncationSettings.DefaultTruncateTimeout;

    /// <summary>Clock of the truncation schedule.</summary>
    public TimeProvider TimeProvider { get; init; } = TimeProvider.System;
}
