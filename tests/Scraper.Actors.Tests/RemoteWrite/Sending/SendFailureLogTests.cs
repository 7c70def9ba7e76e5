using Scraper.Actors.RemoteWrite.Sending;
using Scraper.Actors.Tests.Support;

namespace Scraper.Actors.Tests.RemoteWrite.Sending;

public sealed class SendFailureLogTests
{
    [Fact]
    public void Failure_logs_the_first_then_at_most_one_a_minute_and_the_recovery_once()
    {
        var time = new ManualTimeProvider(DateTimeOffset.UnixEpoch);
        var log = new SendFailureLog(time);

        Assert.True(log.Failure(out var skipped));
        Assert.Equal(0, skipped);
        for (var i = 0; i < 10; i++)
        {
            time.Advance(TimeSpan.FromSeconds(5));
            Assert.False(log.Failure(out _));
        }
        time.Advance(TimeSpan.FromSeconds(10));
        Assert.True(log.Failure(out skipped));
        Assert.Equal(10, skipped);
        Assert.Equal(12, log.Failures);
        Assert.Equal(TimeSpan.FromMinutes(1), log.FailingFor);

        Assert.True(log.Success(out var failures, out var failedFor));
        Assert.Equal((12, TimeSpan.FromMinutes(1)), (failures, failedFor));
        Assert.False(log.Success(out _, out _));

        // A new run of failures is logged at once again.
        Assert.True(log.Failure(out _));
    }
}
