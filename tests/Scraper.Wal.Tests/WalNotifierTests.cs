namespace Scraper.Wal.Tests;

public class WalNotifierTests
{
    [Fact]
    public async Task WaitAsync_completesOnTheNextNotify()
    {
        var n = new WalNotifier();
        var seen = n.Version;
        var wait = n.WaitAsync(seen, TestContext.Current.CancellationToken);
        Assert.False(wait.IsCompleted);
        n.Notify();
        await wait.WaitAsync(TimeSpan.FromSeconds(10), TestContext.Current.CancellationToken);
        Assert.Equal(seen + 1, n.Version);
    }

    [Fact]
    public void WaitAsync_notifyBetweenReadingTheVersionAndWaiting_isNotLost()
    {
        var n = new WalNotifier();
        var seen = n.Version;
        n.Notify(); // a commit lands after the reader looked, before it waits
        Assert.True(n.WaitAsync(seen, TestContext.Current.CancellationToken).IsCompletedSuccessfully);
    }

    [Fact]
    public async Task WaitAsync_withFallback_returnsFalseWhenNothingIsCommitted()
    {
        var n = new WalNotifier();
        var notified = await n.WaitAsync(n.Version, TimeSpan.FromMilliseconds(20), cancellationToken: TestContext.Current.CancellationToken);
        Assert.False(notified);
    }

    [Fact]
    public async Task WaitAsync_withFallback_returnsTrueOnNotify()
    {
        var n = new WalNotifier();
        var wait = n.WaitAsync(n.Version, TimeSpan.FromMinutes(5), cancellationToken: TestContext.Current.CancellationToken);
        n.Notify();
        Assert.True(await wait.WaitAsync(TimeSpan.FromSeconds(10), TestContext.Current.CancellationToken));
    }

    [Fact]
    public async Task WaitAsync_cancelled_throws()
    {
        var n = new WalNotifier();
        using var cts = new CancellationTokenSource();
        var wait = n.WaitAsync(n.Version, TimeSpan.FromMinutes(5), cancellationToken: cts.Token);
        await cts.CancelAsync();
        await Assert.ThrowsAnyAsync<OperationCanceledException>(() => wait);
    }

    [Fact]
    public async Task Notify_fromManyThreads_wakesEveryWaiter()
    {
        var n = new WalNotifier();
        var ct = TestContext.Current.CancellationToken;
        var waiters = Enumerable.Range(0, 50).Select(_ => Task.Run(
            async () =>
            {
                for (var i = 0; i < 100; i++)
                {
                    var seen = n.Version;
                    await n.WaitAsync(seen, TimeSpan.FromSeconds(10), cancellationToken: ct);
                }
            },
            ct)).ToArray();
        var notifier = Task.Run(
            async () =>
            {
                while (!waiters.All(w => w.IsCompleted))
                {
                    n.Notify();
                    await Task.Yield();
                }
            },
            ct);
        await Task.WhenAll(waiters).WaitAsync(TimeSpan.FromSeconds(60), ct);
        await notifier;
    }
}
