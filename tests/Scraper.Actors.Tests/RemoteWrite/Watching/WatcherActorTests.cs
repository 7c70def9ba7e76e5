using System.Globalization;
using Akka.Actor;
using Akka.Configuration;
using Akka.Hosting;
using Prometheus;
using Scraper.Actors.Configuration;
using Scraper.Actors.Hosting;
using Scraper.Actors.RemoteWrite;
using Scraper.Actors.RemoteWrite.Watching;
using Scraper.Actors.Tests.Support;
using Scraper.Protocol.Model;
using Scraper.Protocol.Relabel;
using Scraper.Protocol.RemoteWrite;
using Scraper.Wal;

namespace Scraper.Actors.Tests.RemoteWrite.Watching;

public sealed class WatcherActorTests : Akka.Hosting.TestKit.TestKit
{
    private const string Url = "http://127.0.0.1:9/api/v1/write";
    private const string Labelled = "{remote_name=\"test\",url=\"" + Url + "\"}";
    private static readonly TimeSpan Wait = TimeSpan.FromSeconds(10);

    private readonly TempDirectory _dir = new();
    private readonly CollectorRegistry _registry = Prometheus.Metrics.NewCustomRegistry();
    private readonly WalNotifier _notifier = new();
    private readonly ShardLog _shards = new();
    private readonly StoreState _store = new();
    private WalWriter? _writer;

    public WatcherActorTests(ITestOutputHelper output)
        : base(output: output)
    {
    }

    private static CancellationToken Token => TestContext.Current.CancellationToken;

    private string WalPath => _dir.Combine("wal");

    private WalWriter Writer => _writer ??= WalWriter.Open(new WalWriterOptions
    {
        Directory = WalPath,
        Notifier = _notifier,
        Compress = false,
        SyncPolicy = WalSyncPolicy.Never,
        // Small segments: the longer tests cross several.
        SegmentSize = 32 * 1024,
    });

    protected override void ConfigureAkka(AkkaConfigurationBuilder builder, IServiceProvider provider) =>
        builder.AddHocon(ConfigurationFactory.ParseString(RemoteWriteHostingExtensions.DispatcherHocon), HoconAddMode.Prepend);

    protected override async Task AfterAllAsync()
    {
        await Sys.Terminate();
        _writer?.Dispose();
        _dir.Dispose();
        await base.AfterAllAsync();
    }

    private static RemoteWriteOptions Endpoint(int capacity = 10_000, int maxPerSend = 2_000, int minShards = 1, int maxShards = 1) => new()
    {
        Url = Url,
        Name = "test",
        RemoteName = "test",
        Queue = new QueueOptions { Capacity = capacity, MaxSamplesPerSend = maxPerSend, MinShards = minShards, MaxShards = maxShards },
    };

    private WatcherEnvironment Environment() => new()
    {
        WalDirectory = WalPath,
        Notifier = _notifier,
        Metrics = new RemoteWriteMetrics(Prometheus.Metrics.WithCustomRegistry(_registry)),
        ShardProps = s => TestShardActor.Props(s, _shards),
        StoreProps = id => TestStoreActor.Props(id, _store),
        HttpClientFactory = _ => new HttpClient(),
        PollInterval = TimeSpan.FromMilliseconds(200),
        PersistInterval = TimeSpan.FromMilliseconds(100),
        ReshardInterval = TimeSpan.FromHours(1),
    };

    private IActorRef StartWatcher(RemoteWriteOptions endpoint, Labels? external = null, Func<WatcherEnvironment, WatcherEnvironment>? tweak = null)
    {
        _ = Writer;
        var env = Environment();
        return Sys.ActorOf(WatcherActor.Props(new WatcherSettings
        {
            Endpoint = endpoint,
            ExternalLabels = external ?? Labels.Empty,
            Key = endpoint.Name,
            Environment = tweak?.Invoke(env) ?? env,
        }));
    }

    private static Labels Series(string name, int i = 0) => Labels.FromStrings("__name__", name, "i", i.ToString(CultureInfo.InvariantCulture));

    private WalPosition Commit(params (ulong Ref, long T, double V)[] samples)
    {
        foreach (var (r, t, v) in samples)
        {
            Writer.AppendSample(r, t, v);
        }
        return Writer.Commit();
    }

    private Task<double?> Metric(string series) => MetricValues.ValueAsync(_registry, series);

    private Task AwaitSamplesAsync(int count) =>
        AwaitAssertAsync(() => Assert.Equal(count, _shards.Samples.Count), Wait, cancellationToken: Token);

    /// <summary>The store saw a position at or past <paramref name="position"/>.</summary>
    private Task AwaitSavedAsync(WalPosition position) =>
        AwaitAssertAsync(() => Assert.True(_store.LastSave?.Position >= position, $"saved {_store.LastSave?.Position}, want {position}"), Wait, cancellationToken: Token);

    [Fact]
    public async Task Watcher_without_stored_position_starts_at_the_end_of_the_wal()
    {
        var now = DateTimeOffset.UtcNow.ToUnixTimeMilliseconds();
        Writer.AppendSeries(1, Series("old"));
        var end = Commit((1, now - 60_000, 1), (1, now - 59_000, 2));
        StartWatcher(Endpoint());
        // The position moves past what was there without sending it.
        await AwaitSavedAsync(end);
        Assert.Empty(_shards.Samples);

        Commit((1, now + 60_000, 3));
        await AwaitSamplesAsync(1);
        Assert.Equal((Series("old"), now + 60_000, 3.0), (_shards.Samples[0].Series, _shards.Samples[0].T, _shards.Samples[0].V));
    }

    [Fact]
    public async Task Watcher_for_a_new_endpoint_sends_what_was_written_while_its_store_was_opening()
    {
        // The node's first scrapes land while the SQLite store opens: they are newer than the watcher, so they go out.
        _store.HoldLoad = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        Writer.AppendSeries(1, Series("early"));
        StartWatcher(Endpoint());
        await _store.LoadAsked.Task.WaitAsync(TimeSpan.FromSeconds(10), TestContext.Current.CancellationToken);
        var t = DateTimeOffset.UtcNow.ToUnixTimeMilliseconds() + 1;
        Commit((1, t, 7));
        // The store answers only after the sample's time has passed.
        while (DateTimeOffset.UtcNow.ToUnixTimeMilliseconds() <= t)
        {
            await Task.Yield();
        }
        _store.HoldLoad.SetResult();

        await AwaitSamplesAsync(1);
        Assert.Equal((Series("early"), t, 7.0), (_shards.Samples[0].Series, _shards.Samples[0].T, _shards.Samples[0].V));
    }

    [Fact]
    public async Task Watcher_routes_each_series_to_one_shard_in_wal_order()
    {
        _store.Position = WalPosition.StartOf(0);
        for (var i = 0; i < 20; i++)
        {
            Writer.AppendSeries((ulong)i + 1, Series("s", i));
        }
        for (var t = 1; t <= 10; t++)
        {
            Commit([.. Enumerable.Range(0, 20).Select(i => ((ulong)i + 1, (long)t, (double)i))]);
        }
        StartWatcher(Endpoint(minShards: 4, maxShards: 4));
        await AwaitSamplesAsync(200);

        var samples = _shards.Samples;
        Assert.Equal(4, samples.Select(s => s.Index).Distinct().Count());
        foreach (var group in samples.GroupBy(s => s.Series))
        {
            Assert.Single(group.Select(s => s.Index).Distinct());
            Assert.Equal(Enumerable.Range(1, 10).Select(t => (long)t), group.Select(s => s.T));
        }
        foreach (var shard in _shards.Appends.GroupBy(e => e.Index))
        {
            var seqs = shard.Select(e => e.Append!.Seq).ToList();
            Assert.Equal(seqs.Order(), seqs);
        }
        Assert.Equal(_shards.Appends.Count, _shards.Appends.Select(e => e.Append!.Seq).Distinct().Count());
        Assert.Equal(200, await Metric("prometheus_remote_storage_samples_in_total"));
        Assert.Equal(200, await Metric("prometheus_wal_watcher_samples_sent_pre_tailing_total{consumer=\"test\"}"));
        Assert.Equal(10, await Metric("prometheus_wal_watcher_records_read_total{consumer=\"test\",type=\"samples\"}"));
    }

    [Fact]
    public async Task Watcher_follows_the_wal_across_segments_while_it_is_written()
    {
        _store.Position = WalPosition.StartOf(0);
        for (var i = 0; i < 10; i++)
        {
            Writer.AppendSeries((ulong)i + 1, Series("s", i));
        }
        Writer.Commit();
        StartWatcher(Endpoint(capacity: 100, maxPerSend: 50, minShards: 2, maxShards: 2));
        var end = default(WalPosition);
        for (var t = 1; t <= 300; t++)
        {
            end = Commit([.. Enumerable.Range(0, 10).Select(i => ((ulong)i + 1, (long)t, (double)t))]);
        }
        Assert.True(end.Segment >= 1, $"only reached {end}");
        await AwaitSamplesAsync(3000);
        foreach (var group in _shards.Samples.GroupBy(s => s.Series))
        {
            Assert.Equal(Enumerable.Range(1, 300).Select(t => (long)t), group.Select(s => s.T));
        }
        await AwaitSavedAsync(end);
    }

    [Fact]
    public async Task Watcher_adds_external_labels_and_the_series_label_wins()
    {
        _store.Position = WalPosition.StartOf(0);
        Writer.AppendSeries(1, Labels.FromStrings("__name__", "up", "job", "j"));
        Commit((1, 1000, 1));
        StartWatcher(Endpoint(), Labels.FromStrings("cluster", "c1", "job", "external"));
        await AwaitSamplesAsync(1);
        Assert.Equal(Labels.FromStrings("__name__", "up", "cluster", "c1", "job", "j"), _shards.Samples[0].Series);
    }

    [Fact]
    public async Task Watcher_drops_relabeled_series_and_unknown_refs_and_counts_them()
    {
        _store.Position = WalPosition.StartOf(0);
        Writer.AppendSeries(1, Series("keep"));
        Writer.AppendSeries(2, Series("drop_me"));
        // Ref 9 never had a series record.
        var end = Commit((1, 1000, 1), (2, 1000, 2), (2, 2000, 3), (9, 1000, 4));
        var endpoint = Endpoint() with { WriteRelabelConfigs = [SeriesTableTests.DropName("drop_me")] };
        StartWatcher(endpoint);
        await AwaitSamplesAsync(1);
        Assert.Equal(Series("keep"), _shards.Samples[0].Series);
        await AwaitAssertAsync(
            async () => Assert.Equal(3, await Metric("prometheus_remote_storage_samples_dropped_total" + Labelled)), Wait, cancellationToken: Token);
        await AwaitSavedAsync(end);
        Assert.Single(_shards.Samples);
    }

    [Fact]
    public async Task Watcher_counts_a_record_that_does_not_decode_and_goes_on()
    {
        _store.Position = WalPosition.StartOf(0);
        Writer.AppendSeries(1, Series("a"));
        // A samples record cut short in its first sample.
        Writer.AppendRecord([(byte)WalRecordType.Samples, 0, 0, 0, 0, 0, 0, 0, 1, 0, 0, 0, 0, 0, 0, 3, 232, 0]);
        Writer.Commit();
        var end = Commit((1, 2000, 2));
        StartWatcher(Endpoint());
        await AwaitSamplesAsync(1);
        Assert.Equal(2000, _shards.Samples[0].T);
        Assert.Equal(1, await Metric("prometheus_wal_watcher_record_decode_failures_total{consumer=\"test\"}"));
        await AwaitSavedAsync(end);
    }

    [Fact]
    public async Task Watcher_stops_reading_at_capacity_and_resumes_on_progress()
    {
        _shards.AutoAck = false;
        _store.Position = WalPosition.StartOf(0);
        Writer.AppendSeries(1, Series("a"));
        Commit([.. Enumerable.Range(1, 30).Select(t => (1UL, (long)t, 1.0))]);
        Commit((1, 100, 1));
        var watcher = StartWatcher(Endpoint(capacity: 10, maxPerSend: 5));

        await AwaitAssertAsync(
            async () => Assert.Equal(1, await Metric("prometheus_remote_storage_enqueue_retries_total" + Labelled)), Wait, cancellationToken: Token);
        Assert.Equal(10, _shards.Samples.Count);

        // Acknowledge appends one by one, oldest first: each makes room for more; never more than capacity out.
        var shard = _shards.Appends[0].Shard;
        int acked = 0, ackedSamples = 0;
        while (acked < 7)
        {
            await AwaitAssertAsync(() => Assert.True(_shards.Appends.Count > acked), Wait, cancellationToken: Token);
            Assert.InRange(_shards.Samples.Count - ackedSamples, 1, 10);
            var append = _shards.Appends[acked].Append!;
            watcher.Tell(new ShardProgress(0, append.Seq, append.Series.Length, 0, TimeSpan.FromMilliseconds(1), append.TimestampsMs[^1]), shard);
            acked++;
            ackedSamples += append.Series.Length;
        }
        Assert.Equal([.. Enumerable.Range(1, 30).Select(t => (long)t), 100L], _shards.Samples.Select(s => s.T));
    }

    [Fact]
    public async Task Watcher_resumes_after_the_stored_position_with_the_series_read_before_it()
    {
        Writer.AppendSeries(1, Series("a"));
        Writer.AppendSeries(2, Series("b"));
        var position = Commit((1, 1000, 1), (2, 1000, 2));
        var end = Commit((1, 2000, 3), (2, 2000, 4));
        _store.Position = position;
        _store.AckedTimestampMs = 1000;
        var progress = CreateTestProbe();
        Sys.EventStream.Subscribe(progress, typeof(RemoteWriteProgress));

        StartWatcher(Endpoint());
        var first = await progress.ExpectMsgAsync<RemoteWriteProgress>(Wait, cancellationToken: Token);
        Assert.Equal(("test", Url, position, 1000L), (first.RemoteName, first.Url, first.AckedPosition, first.AckedTimestampMs));

        await AwaitSamplesAsync(2);
        Assert.Equal([(Series("a"), 2000L), (Series("b"), 2000L)], _shards.Samples.Select(s => (s.Series, s.T)));
        await AwaitSavedAsync(end);
        Assert.Equal(2000, _store.LastSave!.AckedTimestampMs);
        await progress.FishForMessageAsync<RemoteWriteProgress>(p => p.AckedPosition == end, Wait, cancellationToken: Token);
        Assert.Equal(new[] { "remote-write-test" }, _store.PersistenceIds);
    }

    [Fact]
    public async Task Watcher_skips_the_rest_of_a_corrupt_segment_and_goes_on_with_the_next()
    {
        Writer.AppendSeries(1, Series("a"));
        var beforeBad = Commit((1, 1000, 1));
        var afterBad = Commit((1, 2000, 2));
        Writer.NextSegment();
        Commit((1, 3000, 3));
        // Segment 0 is finished; damage the record of the second commit in the middle.
        using (var file = new FileStream(WalFormat.SegmentPath(WalPath, 0), FileMode.Open, FileAccess.ReadWrite))
        {
            file.Position = (beforeBad.Offset + afterBad.Offset) / 2;
            var b = file.ReadByte();
            file.Position--;
            file.WriteByte((byte)~b);
        }
        _store.Position = WalPosition.StartOf(0);

        StartWatcher(Endpoint());

        // What precedes the damage and the next segment arrive; the damaged record is lost (as in Prometheus), the
        // watcher does not stop.
        await AwaitAssertAsync(
            () => Assert.Equal([1000L, 3000L], _shards.Samples.Select(x => x.T)), TimeSpan.FromSeconds(20), cancellationToken: Token);
    }

    [Fact]
    public async Task Watcher_stopped_and_started_again_sends_only_what_it_had_not_acknowledged()
    {
        _store.Position = WalPosition.StartOf(0);
        Writer.AppendSeries(1, Series("a"));
        var first = Commit((1, 1000, 1), (1, 2000, 2));
        var watcher = StartWatcher(Endpoint());
        await AwaitSamplesAsync(2);
        await AwaitSavedAsync(first);
        Watch(watcher);
        watcher.Tell(StopRemoteWriteWatcher.Instance);
        await ExpectTerminatedAsync(watcher, Wait, cancellationToken: Token);

        Commit((1, 3000, 3));
        StartWatcher(Endpoint());
        await AwaitSamplesAsync(3);
        Assert.Equal([1000L, 2000L, 3000L], _shards.Samples.Select(s => s.T));
    }

    [Fact]
    public async Task Watcher_goes_on_from_the_checkpoint_when_segments_are_truncated_under_it()
    {
        _shards.AutoAck = false;
        _store.Position = WalPosition.StartOf(0);
        Writer.AppendSeries(1, Series("a"));
        Commit([.. Enumerable.Range(1, 5).Select(t => (1UL, (long)t, 1.0))]);
        Commit([.. Enumerable.Range(6, 5).Select(t => (1UL, (long)t, 1.0))]);
        var watcher = StartWatcher(Endpoint(capacity: 5, maxPerSend: 5));
        // Blocked in segment 0 with the second record pending.
        await AwaitAssertAsync(
            async () => Assert.Equal(1, await Metric("prometheus_remote_storage_enqueue_retries_total" + Labelled)), Wait, cancellationToken: Token);

        Writer.NextSegment();
        Writer.AppendSeries(2, Series("x"));
        Commit((2, 100, 1));
        Writer.NextSegment();
        WalCheckpoint.Create(WalPath, 0, 1, _ => true, long.MinValue, compress: false);
        Writer.TruncateSegmentsBefore(2);
        Commit((2, 200, 2), (1, 201, 3));

        // Acknowledge everything as it comes.
        _shards.AutoAck = true;
        var firstAppend = _shards.Appends[0];
        watcher.Tell(new ShardProgress(0, firstAppend.Append!.Seq, 5, 0, TimeSpan.Zero, 5), firstAppend.Shard);

        await AwaitSamplesAsync(12);
        // Segment 1 (x@100) is gone; x's series came back from the checkpoint.
        Assert.Equal(
            [.. Enumerable.Range(1, 10).Select(t => ("a", (long)t)), ("x", 200L), ("a", 201L)],
            _shards.Samples.Select(s => (s.Series.MetricName, s.T)));
    }

    [Fact]
    public async Task Drain_sends_everything_flushes_the_shards_and_persists_the_end()
    {
        _store.Position = WalPosition.StartOf(0);
        Writer.AppendSeries(1, Series("a"));
        Commit((1, 1000, 1));
        var end = Commit((1, 2000, 2));
        var watcher = StartWatcher(Endpoint());
        watcher.Tell(new DrainRemoteWrite(Wait), TestActor);
        var drained = await ExpectMsgAsync<RemoteWriteDrained>(Wait, cancellationToken: Token);
        Assert.True(drained.Complete);
        Assert.Equal(2, _shards.Samples.Count);
        Assert.Contains(_shards.Events, e => e.Kind == ShardEventKind.FlushAsked);
        await AwaitSavedAsync(end);
    }

    [Fact]
    public async Task Drain_past_its_deadline_answers_incomplete_and_persists_what_was_acked()
    {
        _store.Position = WalPosition.StartOf(0);
        _shards.AutoAck = false;
        _shards.AutoFlush = false;
        Writer.AppendSeries(1, Series("a"));
        var end = Commit((1, 1000, 1));
        var watcher = StartWatcher(Endpoint());
        await AwaitSamplesAsync(1);
        watcher.Tell(new DrainRemoteWrite(TimeSpan.FromMilliseconds(300)), TestActor);
        var drained = await ExpectMsgAsync<RemoteWriteDrained>(Wait, cancellationToken: Token);
        Assert.False(drained.Complete);
        // Only the series record before the unacknowledged sample is behind the persisted position.
        await AwaitAssertAsync(() => Assert.NotNull(_store.LastSave), Wait, cancellationToken: Token);
        var saved = _store.LastSave!.Position;
        Assert.True(saved > WalPosition.StartOf(0) && saved < end, $"saved {saved}, end {end}");
    }

    [Fact]
    public async Task Reshard_flushes_the_old_shards_before_the_new_ones_get_samples()
    {
        _store.Position = WalPosition.StartOf(0);
        // Ten seconds per append of twenty samples a period wants far more than four shards.
        _shards.SendDuration = TimeSpan.FromSeconds(10);
        for (var i = 0; i < 20; i++)
        {
            Writer.AppendSeries((ulong)i + 1, Series("s", i));
        }
        Commit([.. Enumerable.Range(0, 20).Select(i => ((ulong)i + 1, 1L, 1.0))]);
        StartWatcher(Endpoint(minShards: 1, maxShards: 4), tweak: e => e with { ReshardInterval = TimeSpan.FromMilliseconds(300) });
        await AwaitAssertAsync(
            () => Assert.Contains(_shards.Events, e => e.Kind == ShardEventKind.Started && e.Index == 3),
            Wait, cancellationToken: Token);

        for (var t = 2; t <= 6; t++)
        {
            Commit([.. Enumerable.Range(0, 20).Select(i => ((ulong)i + 1, (long)t, 1.0))]);
        }
        await AwaitSamplesAsync(120);

        var events = _shards.Events;
        var oldShard = events.First(e => e.Kind == ShardEventKind.Started).Shard;
        var flushed = events.FindIndex(e => e.Kind == ShardEventKind.FlushAsked && e.Shard.Equals(oldShard));
        var firstNew = events.FindIndex(e => e.Kind == ShardEventKind.Append && !e.Shard.Equals(oldShard));
        Assert.InRange(flushed, 0, firstNew);
        Assert.DoesNotContain(events.Skip(flushed), e => e.Kind == ShardEventKind.Append && e.Shard.Equals(oldShard));
        await AwaitAssertAsync(
            () => Assert.Contains(_shards.Events, e => e.Kind == ShardEventKind.Stopped && e.Shard.Equals(oldShard)), Wait, cancellationToken: Token);
        foreach (var group in _shards.Samples.GroupBy(s => s.Series))
        {
            Assert.Equal(Enumerable.Range(1, 6).Select(t => (long)t), group.Select(s => s.T));
        }
    }

    [Fact]
    public async Task Reshard_that_cannot_flush_in_time_is_abandoned_and_the_old_shards_go_on()
    {
        _store.Position = WalPosition.StartOf(0);
        _shards.SendDuration = TimeSpan.FromSeconds(10);
        _shards.AutoFlush = false;
        for (var i = 0; i < 20; i++)
        {
            Writer.AppendSeries((ulong)i + 1, Series("s", i));
        }
        Commit([.. Enumerable.Range(0, 20).Select(i => ((ulong)i + 1, 1L, 1.0))]);
        StartWatcher(
            Endpoint(minShards: 1, maxShards: 4),
            tweak: e => e with { ReshardInterval = TimeSpan.FromMilliseconds(300), ReshardFlushTimeout = TimeSpan.FromMilliseconds(300) });
        await AwaitAssertAsync(() => Assert.Contains(_shards.Events, e => e.Kind == ShardEventKind.FlushAsked), Wait, cancellationToken: Token);

        // Reading resumes on the old shard after the timeout.
        Commit([.. Enumerable.Range(0, 20).Select(i => ((ulong)i + 1, 2L, 1.0))]);
        await AwaitSamplesAsync(40);
        Assert.Single(_shards.Samples.Select(s => s.Shard).Distinct());
        Assert.DoesNotContain(_shards.Events, e => e.Kind == ShardEventKind.Started && e.Index > 0);
    }

    [Fact]
    public async Task Fallback_to_v1_is_counted_and_later_shards_start_with_v1()
    {
        _store.Position = WalPosition.StartOf(0);
        _shards.SendDuration = TimeSpan.FromSeconds(10);
        for (var i = 0; i < 20; i++)
        {
            Writer.AppendSeries((ulong)i + 1, Series("s", i));
        }
        var endpoint = Endpoint(minShards: 1, maxShards: 2) with { ProtobufMessage = RemoteWriteProtobufMessage.V2 };
        var watcher = StartWatcher(endpoint, tweak: e => e with { ReshardInterval = TimeSpan.FromMilliseconds(300) });
        await AwaitAssertAsync(() => Assert.Single(_shards.Events, e => e.Kind == ShardEventKind.Started), Wait, cancellationToken: Token);
        var first = _shards.Events[0];
        Assert.Equal(RemoteWriteProtoMessage.V2Request, first.Message);
        watcher.Tell(new ShardFellBackToV1(0), first.Shard);
        await AwaitAssertAsync(
            async () => Assert.Equal(1, await Metric("scraper_remote_storage_protocol_fallbacks_total" + Labelled)), Wait, cancellationToken: Token);

        Commit([.. Enumerable.Range(0, 20).Select(i => ((ulong)i + 1, 1L, 1.0))]);
        await AwaitAssertAsync(
            () => Assert.Contains(_shards.Events, e => e.Kind == ShardEventKind.Started && e.Index == 1), Wait, cancellationToken: Token);
        Assert.All(_shards.Events.Where(e => e.Kind == ShardEventKind.Started).Skip(1), e => Assert.Equal(RemoteWriteProtoMessage.V1WriteRequest, e.Message));
    }
}
