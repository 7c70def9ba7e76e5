namespace Scraper.Actors.RemoteWrite.Watching;

/// <summary>
/// An exponentially weighted moving rate, as Prometheus's queue manager keeps for samples in, out and dropped and
/// for send durations (storage/remote ewma.go): amounts are added as they happen, <see cref="Tick"/> is called once
/// per <c>interval</c> and folds the amount since the last tick into the rate with weight <c>alpha</c>. The first
/// tick that saw anything sets the rate outright. Not thread-safe: one owner.
/// </summary>
public sealed class EwmaRate
{
    /// <summary>Prometheus's weight of the newest interval (<c>ewmaWeight</c>).</summary>
    public const double DefaultAlpha = 0.2;

    private readonly double _alpha;
    private readonly double _intervalSeconds;
    private double _pending;
    private bool _initialized;

    /// <summary>A rate over ticks <paramref name="interval"/> apart.</summary>
    public EwmaRate(TimeSpan interval, double alpha = DefaultAlpha)
    {
        ArgumentOutOfRangeException.ThrowIfLessThanOrEqual(interval, TimeSpan.Zero);
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(alpha);
        _alpha = alpha;
        _intervalSeconds = interval.TotalSeconds;
    }

    /// <summary>The rate per second as of the last tick.</summary>
    public double Rate { get; private set; }

    /// <summary>Adds <paramref name="amount"/> (events, or seconds of send time) to the current interval.</summary>
    public void Add(double amount) => _pending += amount;

    /// <summary>Ends the current interval.</summary>
    public void Tick()
    {
        var amount = _pending;
        _pending = 0;
        var instant = amount / _intervalSeconds;
        if (_initialized)
        {
            Rate += _alpha * (instant - Rate);
        }
        else if (amount > 0)
        {
            _initialized = true;
            Rate = instant;
        }
    }
}
