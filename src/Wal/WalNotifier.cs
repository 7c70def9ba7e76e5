namespace Scraper.Wal;

/// <summary>
/// Wakes readers when the writer has committed: a version counter plus a task that completes on the next
/// commit. The writer calls <see cref="Notify"/> after every commit that wrote bytes; a watcher reads
/// <see cref="Version"/> before it reads the WAL and, when the WAL has nothing more, awaits
/// <see cref="WaitAsync(long, TimeSpan, TimeProvider?, CancellationToken)"/> with that version (an actor pipes the
/// task to itself). Capturing the version first means a commit between the read and the wait is never missed.
/// Thread-safe; wake-ups may be spurious, never lost.
/// </summary>
public sealed class WalNotifier
{
    private TaskCompletionSource _next = NewSource();
    private long _version;

    /// <summary>Number of notifications so far.</summary>
    public long Version => Interlocked.Read(ref _version);

    /// <summary>Signals every waiter. Called by the writer after a commit reached the kernel.</summary>
    public void Notify()
    {
        Interlocked.Increment(ref _version);
        Interlocked.Exchange(ref _next, NewSource()).TrySetResult();
    }

    /// <summary>Completes once <see cref="Version"/> differs from <paramref name="seenVersion"/>.</summary>
    public Task WaitAsync(long seenVersion, CancellationToken cancellationToken = default)
    {
        // Read the source before the version: Notify bumps the version before it swaps the source, so either we
        // see the new version, or the source we hold is the one that the next Notify completes.
        var source = Volatile.Read(ref _next);
        if (Version != seenVersion)
        {
            return Task.CompletedTask;
        }
        return source.Task.WaitAsync(cancellationToken);
    }

    /// <summary>
    /// Completes with true once <see cref="Version"/> differs from <paramref name="seenVersion"/>, or with false
    /// after <paramref name="fallback"/>: the timer that catches data written without a notification (another
    /// process, a writer that is not ours).
    /// </summary>
    public async Task<bool> WaitAsync(
        long seenVersion, TimeSpan fallback, TimeProvider? timeProvider = null, CancellationToken cancellationToken = default)
    {
        var notified = WaitAsync(seenVersion, cancellationToken);
        if (notified.IsCompleted)
        {
            await notified.ConfigureAwait(false);
            return true;
        }
        using var timeout = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        var delay = Task.Delay(fallback, timeProvider ?? TimeProvider.System, timeout.Token);
        var first = await Task.WhenAny(notified, delay).ConfigureAwait(false);
        await timeout.CancelAsync().ConfigureAwait(false);
        cancellationToken.ThrowIfCancellationRequested();
        return first == notified;
    }

    private static TaskCompletionSource NewSource() => new(TaskCreationOptions.RunContinuationsAsynchronously);
}
