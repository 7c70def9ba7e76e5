using System.Collections.Immutable;
using System.Text;
using Akka.Actor;
using Akka.Hosting;
using Akka.TestKit;
using Prometheus;
using Scraper.Actors.Configuration;
using Scraper.Actors.RemoteWrite;
using Scraper.Actors.RemoteWrite.Sending;
using Scraper.Actors.Tests.Support;
using Scraper.Protocol.Model;
using Scraper.Protocol.RemoteWrite;

namespace Scraper.Actors.Tests.RemoteWrite.Sending;

public sealed class ShardSenderActorTests : Akka.Hosting.TestKit.TestKit
{
    private static readonly TimeSpan Wait = TimeSpan.FromSeconds(15);

    // Fast retries so a test sees several attempts quickly; the schedule itself is BackoffPolicy's, tested there.
    private static readonly QueueOptions FastQueue = new()
    {
        MaxSamplesPerSend = 100,
        BatchSendDeadline = TimeSpan.FromHours(1),
        MinBackoff = TimeSpan.FromMilliseconds(10),
        MaxBackoff = TimeSpan.FromMilliseconds(100),
    };

    private readonly CollectorRegistry _registry = Metrics.NewCustomRegistry();
    private readonly List<HttpClient> _clients = [];
    private FaultReceiver _receiver = null!;

    public ShardSenderActorTests(ITestOutputHelper output)
        : base(output: output)
    {
    }

    private static CancellationToken Token => TestContext.Current.CancellationToken;

    protected override async Task BeforeTestStart()
    {
        await base.BeforeTestStart();
        _receiver = await FaultReceiver.StartAsync(Token);
    }

    protected override async Task AfterAllAsync()
    {
        await Sys.Terminate();
        await _receiver.DisposeAsync();
        foreach (var client in _clients)
        {
            client.Dispose();
        }
        await base.AfterAllAsync();
    }

    protected override void ConfigureAkka(AkkaConfigurationBuilder builder, IServiceProvider provider)
    {
    }

    private (IActorRef Shard, TestProbe Parent) StartShard(QueueOptions? queue = null, RemoteWriteProtoMessage message = RemoteWriteProtoMessage.V1WriteRequest,
        Func<RemoteWriteOptions, RemoteWriteOptions>? endpoint = null, string? url = null)
    {
        var options = new RemoteWriteOptions { Url = url ?? _receiver.Url, RemoteName = "test", Queue = queue ?? FastQueue };
        options = endpoint?.Invoke(options) ?? options;
        var client = RemoteWriteHttpClientFactory.Create(options);
        _clients.Add(client);
        var settings = new ShardSenderSettings
        {
            Endpoint = options,
            ShardIndex = 3,
            Client = client,
            Metrics = new RemoteWriteMetrics(Metrics.WithCustomRegistry(_registry)).ForEndpoint("test", options.Url),
            Message = message,
        };
        var parent = CreateTestProbe();
        var shard = parent.ChildActorOf(ShardSenderActor.Props(settings), cancellationToken: Token);
        return (shard, parent);
    }

    private static ShardAppend Append(long seq, params (string Name, long T, double V)[] samples) =>
        new(seq, [.. samples.Select(s => TestSeries.Of(s.Name))], [.. samples.Select(s => s.T)], [.. samples.Select(s => s.V)]);

    private static ShardAppend Counting(long seq, string name, int from, int count) =>
        Append(seq, [.. Enumerable.Range(from, count).Select(i => (name, (long)i * 1000, (double)i))]);

    private Task<ReceivedRequest> NextRequestAsync() => _receiver.NextAsync(Wait, Token);

    private static Task<ShardProgress> ProgressAsync(TestProbe parent) => parent.ExpectMsgAsync<ShardProgress>(Wait, cancellationToken: Token).AsTask();

    private Task<double?> MetricAsync(string name) =>
        MetricValues.ValueAsync(_registry, $"prometheus_remote_storage_{name}{{remote_name=\"test\",url=\"{_receiver.Url}\"}}");

    private static IEnumerable<double> Values(ReceivedRequest request) => request.Samples().Select(s => s.Value);

    [Fact]
    public async Task Append_larger_than_a_batch_is_sent_in_full_batches_without_waiting_for_the_deadline()
    {
        var (shard, parent) = StartShard(FastQueue with { MaxSamplesPerSend = 3 });
        shard.Tell(Counting(1, "a", 0, 7));

        var first = await NextRequestAsync();
        var second = await NextRequestAsync();
        Assert.Equal([0.0, 1, 2], Values(first));
        Assert.Equal([3.0, 4, 5], Values(second));
        // The seventh sample waits for the deadline (an hour) or a flush; its append is not done yet.
        var p1 = await ProgressAsync(parent);
        var p2 = await ProgressAsync(parent);
        Assert.Equal((3, -1L), (p1.SamplesSent, p1.DoneUpToSeq));
        Assert.Equal((3, -1L), (p2.SamplesSent, p2.DoneUpToSeq));
        await parent.ExpectNoMsgAsync(TimeSpan.FromMilliseconds(300), Token);
        Assert.Equal(2, _receiver.Count);
        Assert.Equal(1, await MetricAsync("samples_pending"));
    }

    [Fact]
    public async Task Partial_batch_is_sent_when_the_batch_send_deadline_passes()
    {
        var (shard, parent) = StartShard(FastQueue with { BatchSendDeadline = TimeSpan.FromMilliseconds(200) });
        shard.Tell(Append(5, ("a", 1000, 1), ("b", 1000, 2)));
        shard.Tell(Append(6, ("a", 2000, 3)));

        var request = await NextRequestAsync();
        Assert.Equal(
            [new ReceivedSample("{__name__=\"a\", instance=\"a\"}", 1000, 1), new("{__name__=\"a\", instance=\"a\"}", 2000, 3),
             new("{__name__=\"b\", instance=\"a\"}", 1000, 2)],
            request.Samples());
        var progress = await ProgressAsync(parent);
        Assert.Equal((3, 0, 6L, 2000L), (progress.ShardIndex, progress.SamplesDropped, progress.DoneUpToSeq, progress.HighestSentTimestampMs));
        Assert.Equal(3, progress.SamplesSent);
        Assert.Equal(3, await MetricAsync("samples_total"));
        Assert.Equal(0, await MetricAsync("samples_pending"));
        Assert.Equal(2, await MetricAsync("queue_highest_sent_timestamp_seconds"));
        Assert.True(await MetricAsync("bytes_total") > 0);
        Assert.Equal(1, await MetricAsync("sent_batch_duration_seconds_count"));
    }

    [Fact]
    public async Task Request_carries_the_protocol_headers_the_configured_headers_and_basic_auth_read_from_its_file()
    {
        using var dir = new TempDirectory();
        var passwordFile = dir.Combine("password");
        await File.WriteAllTextAsync(passwordFile, "first\n", Token);
        var (shard, parent) = StartShard(FastQueue with { MaxSamplesPerSend = 1 }, endpoint: o => o with
        {
            Headers = ImmutableDictionary<string, string>.Empty.Add("X-Scope-OrgID", "tenant-1").Add("X-Custom", "v"),
            HttpClient = o.HttpClient with { BasicAuth = new BasicAuthOptions { Username = "user", Password = Secret.FromFile(passwordFile) } },
        });
        shard.Tell(Append(1, ("a", 1000, 1)));
        var request = await NextRequestAsync();
        await ProgressAsync(parent);

        Assert.Equal("snappy", request.Header("Content-Encoding"));
        Assert.Equal("application/x-protobuf", request.Header("Content-Type"));
        Assert.Equal("0.1.0", request.Header("X-Prometheus-Remote-Write-Version"));
        Assert.StartsWith("scraper/", request.Header("User-Agent"), StringComparison.Ordinal);
        Assert.Equal("tenant-1", request.Header("X-Scope-OrgID"));
        Assert.Equal("v", request.Header("X-Custom"));
        Assert.Equal("Basic " + Convert.ToBase64String(Encoding.UTF8.GetBytes("user:first")), request.Header("Authorization"));

        // A rotated password file is read for the next request, as scrapes do.
        await File.WriteAllTextAsync(passwordFile, "second", Token);
        shard.Tell(Append(2, ("a", 2000, 2)));
        var next = await NextRequestAsync();
        Assert.Equal("Basic " + Convert.ToBase64String(Encoding.UTF8.GetBytes("user:second")), next.Header("Authorization"));
    }

    [Fact]
    public async Task Request_carries_the_configured_authorization()
    {
        var (shard, _) = StartShard(FastQueue with { MaxSamplesPerSend = 1 }, endpoint: o => o with
        {
            HttpClient = o.HttpClient with { Authorization = new AuthorizationOptions { Credentials = Secret.FromValue("token-1") } },
        });
        shard.Tell(Append(1, ("a", 1000, 1)));
        Assert.Equal("Bearer token-1", (await NextRequestAsync()).Header("Authorization"));
    }

    [Fact]
    public async Task Server_error_is_retried_with_the_same_batch_until_accepted_and_counted_as_retried()
    {
        _receiver.Respond = (n, ctx) => FaultReceiver.Status(ctx, n <= 2 ? 500 : 200);
        var (shard, parent) = StartShard(FastQueue with { MaxSamplesPerSend = 2 });
        shard.Tell(Counting(1, "a", 0, 2));

        var attempts = new[] { await NextRequestAsync(), await NextRequestAsync(), await NextRequestAsync() };
        Assert.All(attempts, a => Assert.Equal([0.0, 1], Values(a)));
        Assert.All(attempts.Skip(1), a => Assert.Equal(attempts[0].Body, a.Body));
        var progress = await ProgressAsync(parent);
        Assert.Equal((2, 0, 1L), (progress.SamplesSent, progress.SamplesDropped, progress.DoneUpToSeq));
        Assert.Equal(4, await MetricAsync("samples_retried_total"));
        Assert.Equal(0, await MetricAsync("samples_failed_total"));
        Assert.Equal(6, await MetricAsync("samples_total"));
        Assert.Equal(3, await MetricAsync("sent_batch_duration_seconds_count"));

        // The next batch goes out normally after the recovery.
        shard.Tell(Counting(2, "a", 2, 2));
        Assert.Equal([2.0, 3], Values(await NextRequestAsync()));
        Assert.Equal(2L, (await ProgressAsync(parent)).DoneUpToSeq);
    }

    [Fact]
    public async Task Persisting_failure_logs_one_warning_not_one_per_retry_then_one_info_on_recovery_and_never_the_credentials()
    {
        _receiver.Respond = (n, ctx) => FaultReceiver.Status(ctx, n <= 6 ? 503 : 200);
        var logs = CreateTestProbe();
        Sys.EventStream.Subscribe(logs, typeof(Akka.Event.LogEvent));
        var (shard, parent) = StartShard(FastQueue with { MaxSamplesPerSend = 1 }, endpoint: o => o with
        {
            HttpClient = o.HttpClient with { BasicAuth = new BasicAuthOptions { Username = "user", Password = Secret.FromValue("s3cret-pw") } },
        });
        shard.Tell(Append(1, ("a", 1000, 1)));
        await ProgressAsync(parent);
        Assert.Equal(7, _receiver.Count);

        var events = new List<Akka.Event.LogEvent>();
        while (logs.HasMessages)
        {
            events.Add(await logs.ExpectMsgAsync<Akka.Event.LogEvent>(Wait, cancellationToken: Token));
        }
        var ours = events.Where(e => e.Message.ToString()!.StartsWith("Remote write", StringComparison.Ordinal)).ToList();
        Assert.Single(ours, e => e.LogLevel() == Akka.Event.LogLevel.WarningLevel);
        Assert.Single(ours, e => e.LogLevel() == Akka.Event.LogLevel.InfoLevel && e.ToString().Contains("after 6 failed attempts", StringComparison.Ordinal));
        var basic = Convert.ToBase64String(Encoding.UTF8.GetBytes("user:s3cret-pw"));
        Assert.DoesNotContain(events, e => e.ToString().Contains("s3cret-pw", StringComparison.Ordinal) || e.ToString().Contains(basic, StringComparison.Ordinal));
    }

    [Fact]
    public async Task Too_many_requests_with_retry_on_http_429_waits_for_retry_after_then_resends()
    {
        _receiver.Respond = (n, ctx) => n == 1 ? FaultReceiver.Status(ctx, 429, ("Retry-After", "1")) : FaultReceiver.Status(ctx, 200);
        var (shard, parent) = StartShard(FastQueue with { MaxSamplesPerSend = 1, RetryOnHttp429 = true });
        shard.Tell(Append(1, ("a", 1000, 1)));

        var first = await NextRequestAsync();
        var started = DateTime.UtcNow;
        var second = await NextRequestAsync();
        // Retry-After (1 s) replaced the 10 ms backoff: a lower bound, which no slow machine can break.
        Assert.True(DateTime.UtcNow - started >= TimeSpan.FromMilliseconds(800), "the retry did not wait for Retry-After");
        Assert.Equal(first.Body, second.Body);
        var progress = await ProgressAsync(parent);
        Assert.Equal((1, 0), (progress.SamplesSent, progress.SamplesDropped));
        Assert.Equal(2, _receiver.Count);
        Assert.Equal(1, await MetricAsync("samples_retried_total"));
    }

    [Fact]
    public async Task Too_many_requests_without_retry_on_http_429_drops_and_counts_the_batch()
    {
        _receiver.Respond = (n, ctx) => FaultReceiver.Status(ctx, n == 1 ? 429 : 200, ("Retry-After", "1"));
        var (shard, parent) = StartShard(FastQueue with { MaxSamplesPerSend = 2 });
        shard.Tell(Counting(1, "a", 0, 2));
        await NextRequestAsync();
        var progress = await ProgressAsync(parent);
        Assert.Equal((0, 2, 1L), (progress.SamplesSent, progress.SamplesDropped, progress.DoneUpToSeq));
        Assert.Equal(2, await MetricAsync("samples_failed_total"));
        Assert.Equal(0, await MetricAsync("samples_retried_total"));

        shard.Tell(Counting(2, "a", 2, 2));
        Assert.Equal([2.0, 3], Values(await NextRequestAsync()));
        var next = await ProgressAsync(parent);
        Assert.Equal((2, 2L), (next.SamplesSent, next.DoneUpToSeq));
        Assert.Equal(2, _receiver.Count);
    }

    [Fact]
    public async Task Bad_request_drops_the_batch_counts_it_failed_and_the_next_batch_is_still_sent()
    {
        _receiver.Respond = (n, ctx) => FaultReceiver.Status(ctx, n == 1 ? 400 : 200);
        var (shard, parent) = StartShard(FastQueue with { MaxSamplesPerSend = 3 });
        shard.Tell(Counting(1, "a", 0, 3));
        shard.Tell(Counting(2, "a", 3, 3));

        Assert.Equal([0.0, 1, 2], Values(await NextRequestAsync()));
        Assert.Equal([3.0, 4, 5], Values(await NextRequestAsync()));
        var dropped = await ProgressAsync(parent);
        var sent = await ProgressAsync(parent);
        Assert.Equal((0, 3, 1L), (dropped.SamplesSent, dropped.SamplesDropped, dropped.DoneUpToSeq));
        Assert.Equal((3, 0, 2L), (sent.SamplesSent, sent.SamplesDropped, sent.DoneUpToSeq));
        Assert.Equal(3, await MetricAsync("samples_failed_total"));
        Assert.Equal(0, await MetricAsync("samples_retried_total"));
        Assert.Equal(2, _receiver.Count);
    }

    [Fact]
    public async Task Receiver_slower_than_remote_timeout_is_retried()
    {
        _receiver.Respond = (n, ctx) => n == 1 ? FaultReceiver.Hang(ctx) : FaultReceiver.Status(ctx, 200);
        var (shard, parent) = StartShard(FastQueue with { MaxSamplesPerSend = 1 }, endpoint: o => o with { RemoteTimeout = TimeSpan.FromMilliseconds(300) });
        shard.Tell(Append(1, ("a", 1000, 1)));

        var first = await NextRequestAsync();
        var second = await NextRequestAsync();
        Assert.Equal(first.Body, second.Body);
        var progress = await ProgressAsync(parent);
        Assert.Equal((1, 0, 1L), (progress.SamplesSent, progress.SamplesDropped, progress.DoneUpToSeq));
        Assert.Equal(1, await MetricAsync("samples_retried_total"));
    }

    [Fact]
    public async Task Connection_reset_by_the_receiver_is_retried()
    {
        _receiver.Respond = (n, ctx) => n <= 2 ? FaultReceiver.Reset(ctx) : FaultReceiver.Status(ctx, 200);
        var (shard, parent) = StartShard(FastQueue with { MaxSamplesPerSend = 1 });
        shard.Tell(Append(1, ("a", 1000, 1)));

        var attempts = new[] { await NextRequestAsync(), await NextRequestAsync(), await NextRequestAsync() };
        Assert.All(attempts, a => Assert.Equal([1.0], Values(a)));
        var progress = await ProgressAsync(parent);
        Assert.Equal((1, 0), (progress.SamplesSent, progress.SamplesDropped));
        Assert.Equal(2, await MetricAsync("samples_retried_total"));
    }

    [Fact]
    public async Task Receiver_that_is_down_is_retried_until_it_listens()
    {
        // Nothing listens on the port at first: connection refused, which must be retried and never dropped.
        var port = Scraper.TestSupport.LoopbackPort.Free();
        var (shard, parent) = StartShard(FastQueue with { MaxSamplesPerSend = 1 }, url: $"http://127.0.0.1:{port}/api/v1/write");
        shard.Tell(Append(1, ("a", 1000, 1)));
        await AwaitAssertAsync(
            async () => Assert.True(await MetricValues.ValueAsync(
                _registry, $"prometheus_remote_storage_samples_retried_total{{remote_name=\"test\",url=\"http://127.0.0.1:{port}/api/v1/write\"}}") >= 2),
            Wait, cancellationToken: Token);
        await parent.ExpectNoMsgAsync(TimeSpan.FromMilliseconds(100), Token);
    }

    [Fact]
    public async Task Remote_write_2_0_answered_with_written_counts_stays_on_2_0()
    {
        _receiver.Respond = (_, ctx) => FaultReceiver.WrittenV2(ctx, 2);
        var (shard, parent) = StartShard(FastQueue with { MaxSamplesPerSend = 2 }, RemoteWriteProtoMessage.V2Request);
        shard.Tell(Counting(1, "a", 0, 2));
        shard.Tell(Counting(2, "b", 2, 2));

        var first = await NextRequestAsync();
        var second = await NextRequestAsync();
        Assert.All([first, second], r =>
        {
            Assert.Equal("application/x-protobuf;proto=io.prometheus.write.v2.Request", r.Header("Content-Type"));
            Assert.Equal("2.0.0", r.Header("X-Prometheus-Remote-Write-Version"));
        });
        Assert.Equal(
            [new ReceivedSample("{__name__=\"b\", instance=\"a\"}", 2000, 2), new("{__name__=\"b\", instance=\"a\"}", 3000, 3)],
            second.Samples());
        Assert.Equal(1L, (await ProgressAsync(parent)).DoneUpToSeq);
        Assert.Equal(2L, (await ProgressAsync(parent)).DoneUpToSeq);
        await parent.ExpectNoMsgAsync(TimeSpan.FromMilliseconds(200), Token);
    }

    [Fact]
    public async Task Remote_write_2_0_answered_without_written_counts_falls_back_resends_as_1_0_and_tells_the_parent_once()
    {
        var (shard, parent) = StartShard(FastQueue with { MaxSamplesPerSend = 2 }, RemoteWriteProtoMessage.V2Request);
        shard.Tell(Counting(1, "a", 0, 2));

        var asV2 = await NextRequestAsync();
        var asV1 = await NextRequestAsync();
        Assert.True(asV2.IsV2);
        Assert.False(asV1.IsV2);
        Assert.Equal("0.1.0", asV1.Header("X-Prometheus-Remote-Write-Version"));
        Assert.Equal(asV2.Samples(), asV1.Samples());
        Assert.Equal(3, (await parent.ExpectMsgAsync<ShardFellBackToV1>(Wait, cancellationToken: Token)).ShardIndex);
        var progress = await ProgressAsync(parent);
        Assert.Equal((2, 1L), (progress.SamplesSent, progress.DoneUpToSeq));

        shard.Tell(Counting(2, "a", 2, 2));
        var later = await NextRequestAsync();
        Assert.False(later.IsV2);
        Assert.Equal(2L, (await ProgressAsync(parent)).DoneUpToSeq);
        await parent.ExpectNoMsgAsync(TimeSpan.FromMilliseconds(200), Token);
        Assert.Equal(3, _receiver.Count);
    }

    [Fact]
    public async Task Flush_sends_what_is_buffered_in_batches_and_answers_when_empty()
    {
        var (shard, parent) = StartShard(FastQueue with { MaxSamplesPerSend = 2 });
        // Blocked receiver first: a flush must wait for the request in flight too.
        var release = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        _receiver.Respond = async (n, ctx) =>
        {
            if (n == 1)
            {
                await release.Task.WaitAsync(ctx.RequestAborted);
            }
            await FaultReceiver.Status(ctx, 200);
        };
        shard.Tell(Counting(1, "a", 0, 5));
        await NextRequestAsync();
        shard.Tell(FlushShard.Instance, TestActor);
        await ExpectNoMsgAsync(TimeSpan.FromMilliseconds(200), Token);
        release.SetResult();

        Assert.Equal([2.0, 3], Values(await NextRequestAsync()));
        Assert.Equal([4.0], Values(await NextRequestAsync()));
        Assert.Equal(3, (await ExpectMsgAsync<ShardFlushed>(Wait, cancellationToken: Token)).ShardIndex);
        var progress = new[] { await ProgressAsync(parent), await ProgressAsync(parent), await ProgressAsync(parent) };
        Assert.Equal([-1L, -1L, 1L], progress.Select(p => p.DoneUpToSeq));
        Assert.Equal(5, progress.Sum(p => p.SamplesSent));

        // Already empty: answered at once.
        shard.Tell(FlushShard.Instance, TestActor);
        await ExpectMsgAsync<ShardFlushed>(Wait, cancellationToken: Token);
        Assert.Equal(3, _receiver.Count);
    }

    [Fact]
    public async Task Progress_counts_an_append_done_only_when_its_last_sample_is_and_empty_appends_with_their_predecessors()
    {
        var (shard, parent) = StartShard(FastQueue with { MaxSamplesPerSend = 2 });
        // Empty append on an idle shard: done at once.
        shard.Tell(Append(7));
        var idle = await ProgressAsync(parent);
        Assert.Equal((7L, 0, 0), (idle.DoneUpToSeq, idle.SamplesSent, idle.SamplesDropped));

        shard.Tell(Counting(10, "a", 0, 3));  // batch 1: a0 a1; batch 2: a2 + b0
        shard.Tell(Append(11));               // empty, done with a2
        shard.Tell(Counting(12, "b", 0, 1));
        shard.Tell(FlushShard.Instance, TestActor);

        Assert.Equal([0.0, 1], Values(await NextRequestAsync()));
        Assert.Equal([2.0, 0], Values(await NextRequestAsync()));
        var first = await ProgressAsync(parent);
        var second = await ProgressAsync(parent);
        Assert.Equal((7L, 2), (first.DoneUpToSeq, first.SamplesSent));
        Assert.Equal((12L, 2), (second.DoneUpToSeq, second.SamplesSent));
        await ExpectMsgAsync<ShardFlushed>(Wait, cancellationToken: Token);
    }

    [Fact]
    public async Task Samples_older_than_sample_age_limit_are_dropped_and_counted_not_sent()
    {
        var (shard, parent) = StartShard(FastQueue with { MaxSamplesPerSend = 3, SampleAgeLimit = TimeSpan.FromHours(1) });
        var now = DateTimeOffset.UtcNow.ToUnixTimeMilliseconds();
        var old = now - (long)TimeSpan.FromHours(2).TotalMilliseconds;
        shard.Tell(Append(1, ("a", old, 1), ("b", now, 2), ("c", old, 3)));

        var request = await NextRequestAsync();
        Assert.Equal([new ReceivedSample("{__name__=\"b\", instance=\"a\"}", now, 2)], request.Samples());
        var progress = await ProgressAsync(parent);
        Assert.Equal((1, 2, 1L), (progress.SamplesSent, progress.SamplesDropped, progress.DoneUpToSeq));
        Assert.Equal(2, await MetricAsync("samples_dropped_total"));
        Assert.Equal(0, await MetricAsync("samples_pending"));

        // A batch with nothing young enough is finished without a request.
        shard.Tell(Append(2, ("a", old + 1, 4), ("b", old + 1, 5), ("c", old + 1, 6)));
        var allOld = await ProgressAsync(parent);
        Assert.Equal((0, 3, 2L), (allOld.SamplesSent, allOld.SamplesDropped, allOld.DoneUpToSeq));
        Assert.Equal(1, _receiver.Count);
    }
}
