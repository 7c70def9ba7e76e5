namespace Scraper.TestSupport;

/// <summary>Waiting for something a test cannot be told about (a peer's WAL, a receiver's storage) with a deadline.</summary>
public static class Poll
{
    // Often enough that a test does not wait long after the fact, rarely enough not to load a peer with queries.
    private static readonly TimeSpan Interval = TimeSpan.FromMilliseconds(200);

    /// <summary>
    /// Evaluates <paramref name="condition"/> every 200 ms until it holds
    /// or <paramref name="timeout"/> has passed; a last evaluation after the deadline gives a slow peer the whole
    /// time. Returns whether it held, so the caller asserts with its own message.
    /// </summary>
    public static async Task<bool> UntilAsync(Func<Task<bool>> condition, TimeSpan timeout, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(condition);
        var deadline = DateTime.UtcNow + timeout;
        while (DateTime.UtcNow < deadline)
        {
            if (await condition().ConfigureAwait(false))
            {
                return true;
            }
            await Task.Delay(Interval, cancellationToken).ConfigureAwait(false);
        }
        return await condition().ConfigureAwait(false);
    }
}
