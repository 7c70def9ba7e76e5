using System.Globalization;
using Akka.Actor;
using Akka.Hosting;
using Prometheus;
using Scraper.Actors.Configuration;
using Scraper.Actors.RemoteWrite;
using Scraper.Actors.RemoteWrite.Sending;
using Scraper.Protocol.Model;
using Scraper.TestSupport;

namespace Scraper.Actors.Tests.RemoteWrite.Sending;

/// <summary>The happy path against the real receivers: what a shard sends is stored and can be queried back.</summary>
public sealed class ShardSenderReceiverTests(ITestOutputHelper output) : Akka.Hosting.TestKit.TestKit(output: output)
{
    private const int Series = 3;
    private const int PointsPerSeries = 40;
    private static readonly TimeSpan Wait = TimeSpan.FromSeconds(30);

    private readonly CollectorRegistry _registry = Metrics.NewCustomRegistry();

    private static CancellationToken Token => TestContext.Current.CancellationToken;

    protected override void ConfigureAkka(AkkaConfigurationBuilder builder, IServiceProvider provider)
    {
    }

    [Fact]
    public async Task Samples_sent_to_prometheus_are_stored_in_order_and_queryable()
    {
        await using var receiver = new PrometheusReceiver();
        await receiver.StartAsync(Token);
        var (firstMs, sent) = await SendAllAsync(receiver.WriteUrl, "shard_prom_test");
        Assert.True(
            await Poll.UntilAsync(async () => Complete(await receiver.QueryAsync("shard_prom_test[1h]", Token), firstMs), Wait, Token),
            "Prometheus did not store every sample:\n" + receiver.Output);
        Assert.Equal(Series * PointsPerSeries, sent);
    }

    [Fact]
    public async Task Samples_sent_to_victoria_metrics_are_stored_and_queryable()
    {
        await using var receiver = new VictoriaMetricsReceiver();
        await receiver.StartAsync(Token);
        var (firstMs, sent) = await SendAllAsync(receiver.WriteUrl, "shard_vm_test");
        Assert.True(
            await Poll.UntilAsync(async () => Complete(await receiver.QueryAsync("shard_vm_test[1h]", Token), firstMs), Wait, Token),
            "VictoriaMetrics did not store every sample:\n" + receiver.Output);
        Assert.Equal(Series * PointsPerSeries, sent);
        Assert.Equal(Series * PointsPerSeries, await receiver.RowsInsertedAsync(Token));
    }

    // Every series holds exactly the points sent, values i at firstMs + i seconds, in time order.
    private static bool Complete(IReadOnlyList<QueriedSeries> result, long firstMs)
    {
        if (result.Count != Series)
        {
            return false;
        }
        foreach (var series in result)
        {
            var expected = Enumerable.Range(0, PointsPerSeries)
                .Select(i => (firstMs + (i * 1000L), i.ToString(CultureInfo.InvariantCulture)));
            if (!series.Points.SequenceEqual(expected))
            {
                return false;
            }
        }
        return true;
    }

    /// <summary>Sends the test samples through one shard (small batches, so several requests) and flushes it.</summary>
    private async Task<(long FirstMs, int Sent)> SendAllAsync(string url, string metric)
    {
        var endpoint = new RemoteWriteOptions
        {
            Url = url,
            RemoteName = "real",
            Queue = QueueOptions.Default with { MaxSamplesPerSend = 25 },
        };
        using var client = RemoteWriteHttpClientFactory.Create(endpoint);
        var parent = CreateTestProbe();
        var shard = parent.ChildActorOf(ShardSenderActor.Props(new ShardSenderSettings
        {
            Endpoint = endpoint,
            ShardIndex = 0,
            Client = client,
            Metrics = new RemoteWriteMetrics(Metrics.WithCustomRegistry(_registry)).ForEndpoint("real", url),
        }), cancellationToken: Token);

        // Whole seconds a few minutes back, so the query's range and the receivers' time checks hold easily.
        var firstMs = (DateTimeOffset.UtcNow.ToUnixTimeSeconds() - 300) * 1000;
        var labels = Enumerable.Range(0, Series)
            .Select(s => Labels.FromStrings("__name__", metric, "series", s.ToString(CultureInfo.InvariantCulture)))
            .ToArray();
        // Appends as the watcher makes them: one per scrape time, every series at that time.
        for (var i = 0; i < PointsPerSeries; i++)
        {
            shard.Tell(new ShardAppend(i, [.. labels], [.. Enumerable.Repeat(firstMs + (i * 1000L), Series)], [.. Enumerable.Repeat((double)i, Series)]));
        }
        shard.Tell(FlushShard.Instance, TestActor);
        await ExpectMsgAsync<ShardFlushed>(Wait, cancellationToken: Token);

        var sent = 0;
        var dropped = 0;
        long done = -1;
        while (done < PointsPerSeries - 1)
        {
            var progress = await parent.ExpectMsgAsync<ShardProgress>(Wait, cancellationToken: Token);
            (sent, dropped, done) = (sent + progress.SamplesSent, dropped + progress.SamplesDropped, progress.DoneUpToSeq);
        }
        Assert.Equal(0, dropped);
        await shard.GracefulStop(Wait);
        return (firstMs, sent);
    }
}
