namespace Scraper.Wal;

/// <summary>
/// How often and how far the WAL is truncated: Prometheus agent's <c>--storage.agent.wal-truncate-frequency</c>,
/// <c>--storage.agent.retention.min-time</c> and <c>--storage.agent.retention.max-time</c>, with the defaults of
/// its <c>tsdb/agent</c> package.
/// </summary>
public sealed record WalTruncationOptions
{
    /// <summary>Truncate every two hours (agent <c>DefaultTruncateFrequency</c>).</summary>
    public static readonly TimeSpan DefaultTruncateFrequency = TimeSpan.FromHours(2);

    /// <summary>Keep five minutes below the lowest sent timestamp (agent <c>DefaultMinWALTime</c>).</summary>
    public static readonly TimeSpan DefaultMinWalTime = TimeSpan.FromMinutes(5);

    /// <summary>Never keep data older than four hours, sent or not (agent <c>DefaultMaxWALTime</c>).</summary>
    public static readonly TimeSpan DefaultMaxWalTime = TimeSpan.FromHours(4);

    /// <summary>Time between truncations.</summary>
    public TimeSpan TruncateFrequency { get; init; } = DefaultTruncateFrequency;

    /// <summary>Minimum age samples may be before being considered for deletion.</summary>
    public TimeSpan MinWalTime { get; init; } = DefaultMinWalTime;

    /// <summary>Maximum age samples may be before being deleted whether sent or not.</summary>
    public TimeSpan MaxWalTime { get; init; } = DefaultMaxWalTime;

    /// <summary>
    /// The settings Prometheus actually runs with (its <c>validateOptions</c>): zero or negative values take the
    /// defaults, the maximum is raised to the minimum if below it, and to the truncation frequency if below that
    /// (otherwise data would be dropped before a truncation could checkpoint it).
    /// </summary>
    public WalTruncationOptions Normalize()
    {
        var frequency = TruncateFrequency > TimeSpan.Zero ? TruncateFrequency : DefaultTruncateFrequency;
        var min = MinWalTime > TimeSpan.Zero ? MinWalTime : DefaultMinWalTime;
        var max = MaxWalTime > TimeSpan.Zero ? MaxWalTime : DefaultMaxWalTime;
        if (min > max)
        {
            max = min;
        }
        if (max < frequency)
        {
            max = frequency;
        }
        return new WalTruncationOptions { TruncateFrequency = frequency, MinWalTime = min, MaxWalTime = max };
    }
}
