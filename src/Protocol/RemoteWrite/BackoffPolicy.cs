namespace Scraper.Protocol.RemoteWrite;

/// <summary>
/// Prometheus's remote-write retry schedule: the first retry waits <see cref="MinBackoff"/>, each later one twice
/// the previous wait, capped at <see cref="MaxBackoff"/>. A usable <c>Retry-After</c> replaces the wait for that
/// attempt (uncapped, as in Prometheus) and the next wait doubles from it. No jitter, as in Prometheus: the
/// shards of one endpoint already fail at different moments.
/// </summary>
public sealed record BackoffPolicy
{
    /// <summary>Prometheus's default <c>min_backoff</c>.</summary>
    public static readonly TimeSpan DefaultMinBackoff = TimeSpan.FromMilliseconds(30);

    /// <summary>Prometheus's default <c>max_backoff</c>.</summary>
    public static readonly TimeSpan DefaultMaxBackoff = TimeSpan.FromSeconds(5);

    /// <summary>Creates a policy; <paramref name="minBackoff"/> must be positive and not above <paramref name="maxBackoff"/>.</summary>
    public BackoffPolicy(TimeSpan minBackoff, TimeSpan maxBackoff)
    {
        ArgumentOutOfRangeException.ThrowIfLessThanOrEqual(minBackoff, TimeSpan.Zero);
        ArgumentOutOfRangeException.ThrowIfLessThan(maxBackoff, minBackoff);
        MinBackoff = minBackoff;
        MaxBackoff = maxBackoff;
    }

    /// <summary>The policy with Prometheus's defaults, 30 ms to 5 s.</summary>
    public static BackoffPolicy Default { get; } = new(DefaultMinBackoff, DefaultMaxBackoff);

    /// <summary>Wait before the first retry (and the state to start from after a success).</summary>
    public TimeSpan MinBackoff { get; }

    /// <summary>Longest wait the doubling reaches.</summary>
    public TimeSpan MaxBackoff { get; }

    /// <summary>
    /// The wait before the next attempt, given the current backoff state (<see cref="MinBackoff"/> for the
    /// first retry) and the receiver's <c>Retry-After</c>, and the backoff state to keep for the retry after it.
    /// </summary>
    public BackoffStep Next(TimeSpan currentBackoff, TimeSpan? retryAfter = null)
    {
        var current = currentBackoff < MinBackoff ? MinBackoff : currentBackoff > MaxBackoff ? MaxBackoff : currentBackoff;
        var delay = retryAfter is { } ra && ra > TimeSpan.Zero ? ra : current;
        var next = delay >= MaxBackoff / 2 ? MaxBackoff : delay * 2;
        return new BackoffStep(delay, next < MinBackoff ? MinBackoff : next);
    }
}
