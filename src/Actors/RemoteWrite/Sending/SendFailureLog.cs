namespace Scraper.Actors.RemoteWrite.Sending;

/// <summary>
/// Decides which failed sends of a shard get a log line: the first failure of a run, then at most one every
/// <see cref="Interval"/> while failures go on (saying how many were not logged), and one line when a send
/// succeeds again. A receiver that is down for an hour thus costs about sixty lines per shard, not one per retry.
/// Times are <see cref="TimeProvider.GetTimestamp"/> values of the owner's clock. Not thread-safe.
/// </summary>
internal sealed class SendFailureLog(TimeProvider time)
{
    /// <summary>The longest a persisting failure goes unlogged.</summary>
    public static readonly TimeSpan Interval = TimeSpan.FromMinutes(1);

    private long? _lastLogged;
    private long _firstFailure;

    /// <summary>Failures since the last success.</summary>
    public int Failures { get; private set; }

    private int _suppressed;

    /// <summary>How long the current run of failures has lasted.</summary>
    public TimeSpan FailingFor => Failures == 0 ? TimeSpan.Zero : time.GetElapsedTime(_firstFailure);

    /// <summary>Records a failure; true when it should be logged, with how many failures since the last logged one were not.</summary>
    public bool Failure(out int skipped)
    {
        var now = time.GetTimestamp();
        if (Failures == 0)
        {
            _firstFailure = now;
        }
        Failures++;
        if (_lastLogged is { } last && time.GetElapsedTime(last, now) < Interval)
        {
            _suppressed++;
            skipped = 0;
            return false;
        }
        _lastLogged = now;
        skipped = _suppressed;
        _suppressed = 0;
        return true;
    }

    /// <summary>Records a success; true when failures were logged before it, so the recovery deserves a line.</summary>
    public bool Success(out int failures, out TimeSpan failedFor)
    {
        failures = Failures;
        failedFor = FailingFor;
        var recovered = Failures > 0;
        Failures = 0;
        _suppressed = 0;
        _lastLogged = null;
        return recovered;
    }
}
