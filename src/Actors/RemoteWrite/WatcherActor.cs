using Akka.Actor;
using Akka.Event;
using Scraper.Actors.Configuration;
using Scraper.Actors.RemoteWrite.Watching;
using Scraper.Protocol.RemoteWrite;
using Scraper.Wal;

namespace Scraper.Actors.RemoteWrite;

/// <summary>
/// One per remote_write endpoint: Prometheus's WAL watcher and queue manager in one actor, plus a durable send
/// position. It asks its <c>SendPositionStore</c> child where it stopped, rebuilds ref -> series from the last
/// checkpoint and the segments before that position (series only), then reads every record from there on and hands
/// the samples, with external labels and write relabeling applied, to its shard children by hash of the final labels
/// (<see cref="ShardAppend"/>, one increasing Seq). A new endpoint (no stored position) starts, like Prometheus, with
/// samples newer than its start. Samples outstanding per shard never exceed <c>capacity</c>: reading stops and resumes
/// on <see cref="ShardProgress"/>, nothing is dropped. The position after the longest fully acknowledged prefix is
/// persisted (at most once per persist interval) and published as <see cref="RemoteWriteProgress"/>. Every reshard
/// interval the shard count is recomputed (<see cref="ShardCountCalculator"/>); changing it flushes and stops the old
/// shards before the new ones start, so a series is never on two shards at once.
/// <para>
/// Reading a WAL file blocks, so the watcher runs on its own dispatcher (<see cref="DispatcherId"/>) and reads at most
/// <see cref="WatcherEnvironment.RecordsPerStep"/> records per message, continuing with a message to itself; at the end
/// of the WAL it waits for the writer's <see cref="WalNotifier"/> (or the poll interval), never busy-polls.
/// </para>
/// </summary>
[System.Diagnostics.CodeAnalysis.SuppressMessage("Design", "CA1001", Justification = "Actors release resources in PostStop, not Dispose.")]
public sealed class WatcherActor : ReceiveActor, IWithTimers
{
    /// <summary>The dispatcher watchers run on (declared by <c>WithRemoteWrite</c>): blocking WAL reads stay off the default pool.</summary>
    public const string DispatcherId = "scraper-remote-write-watcher-dispatcher";

    /// <summary>Name of the send-position store child.</summary>
    public const string StoreName = "send-position";

    /// <summary>How long a watcher that is told to stop gives its store to write the final position.</summary>
    private static readonly TimeSpan StopGrace = TimeSpan.FromSeconds(1);

    /// <summary>How often an unanswered LoadSendPosition is asked again (a journal that is slow to start).</summary>
    private static readonly TimeSpan LoadRetryInterval = TimeSpan.FromSeconds(10);

    /// <summary>How long to wait before reading again after the WAL could not be read.</summary>
    private static readonly TimeSpan CorruptionRetry = TimeSpan.FromSeconds(5);

    private readonly WatcherEnvironment _env;
    private readonly RemoteWriteOptions _endpoint;
    private readonly EndpointMetrics _metrics;
    private readonly TimeProvider _time;

    // A new endpoint sends only samples newer than this (as Prometheus's watcher does with its start time). Taken when
    // the watcher is created, not when its store answers: the node's first scrapes may land while the store opens.
    private readonly long _createdMs;
    private readonly ILoggingAdapter _log = Context.GetLogger();
    private readonly HttpClient _client;
    private readonly IActorRef _store;
    private readonly ShardCountCalculator _calculator;
    private readonly WalSampleSource _source;
    private readonly Action<int, ShardAppend> _send;

    private SendPipeline _pipeline;
    private readonly ShardSet _shards;
    private bool _countsGlobal;

    private bool _loaded;
    private bool _hadStoredPosition;
    private bool _readScheduled;
    private bool _waiting;
    private bool _blocked;
    private bool _stopping;
    private long _highestSentMs;
    private long _lastSendAt;
    private WalPosition? _saved;

    // Resharding and draining both flush every shard; the purpose says what happens once all have flushed.
    private FlushPurpose _flush;
    private int _reshardTo;
    private IActorRef? _drainReplyTo;
    private bool _drainReachedEnd;

    /// <summary>A watcher with <paramref name="settings"/>; it starts its store and shards itself.</summary>
    public WatcherActor(WatcherSettings settings)
    {
        ArgumentNullException.ThrowIfNull(settings);
        _env = settings.Environment;
        _endpoint = settings.Endpoint;
        _time = _env.TimeProvider;
        _createdMs = _time.GetUtcNow().ToUnixTimeMilliseconds();
        _metrics = _env.Metrics.ForEndpoint(_endpoint.RemoteName, _endpoint.Url);
        _countsGlobal = settings.CountsGlobalMetrics;
        var queue = _endpoint.Queue;
        _calculator = new ShardCountCalculator(queue.MinShards, Math.Max(queue.MinShards, queue.MaxShards), _env.ReshardInterval);
        _source = new WalSampleSource(
            _env.WalDirectory,
            new SeriesTable(settings.ExternalLabels, _endpoint.WriteRelabelConfigs),
            _metrics,
            (at, error) => _log.Warning("Remote write {0}: skipped a record at {1} that does not decode: {2}", _endpoint.RemoteName, at, error));
        _pipeline = NewPipeline(queue.MinShards, default, long.MinValue);
        _client = _env.HttpClientFactory(_endpoint);
        _shards = new ShardSet(
            (index, message) => new ShardSenderSettings
            {
                Endpoint = _endpoint,
                ShardIndex = index,
                Client = _client,
                Metrics = _metrics,
                Message = message,
                TimeProvider = _time,
            },
            _env.ShardProps,
            (props, name) => Context.ActorOf(props, name),
            shard => Context.Stop(shard),
            _endpoint.ProtobufMessage == RemoteWriteProtobufMessage.V2 ? RemoteWriteProtoMessage.V2Request : RemoteWriteProtoMessage.V1WriteRequest);
        _send = (shard, append) => _shards[shard].Tell(append, Self);
        _store = Context.ActorOf(_env.StoreProps(PersistenceId(settings.Key)), StoreName);

        Receive<SendPositionLoaded>(HandleLoaded);
        Receive<ReadMore>(_ => ReadStep());
        Receive<WalChanged>(_ => OnWalChanged());
        Receive<ShardProgress>(HandleProgress);
        Receive<ShardFlushed>(HandleFlushed);
        Receive<ShardFellBackToV1>(HandleFallback);
        Receive<ReshardTick>(_ => HandleReshardTick());
        Receive<ReshardTimeout>(_ => HandleReshardTimeout());
        Receive<PersistTick>(_ => SavePosition(force: false));
        Receive<DrainRemoteWrite>(HandleDrain);
        Receive<DrainDeadline>(_ => FinishDrain(complete: false));
        Receive<CountGlobalRemoteWriteMetrics>(m => _countsGlobal = m.Enabled);
        Receive<StopRemoteWriteWatcher>(_ => HandleStop());
        Receive<StopNow>(_ => Context.Stop(Self));
        Receive<LoadRetry>(_ =>
        {
            _log.Warning("Remote write {0}: the send-position store has not answered yet; asking again", _endpoint.RemoteName);
            _store.Tell(LoadSendPosition.Instance);
        });
        Receive<Terminated>(t =>
        {
            if (t.ActorRef.Equals(_store) && _stopping)
            {
                Context.Stop(Self);
            }
        });
    }

    /// <inheritdoc/>
    public ITimerScheduler Timers { get; set; } = null!;

    /// <summary>The persistence id of an endpoint's send-position store.</summary>
    public static string PersistenceId(string key) => "remote-write-" + key;

    /// <summary>Props of a watcher on <see cref="WatcherEnvironment.Dispatcher"/>.</summary>
    public static Props Props(WatcherSettings settings)
    {
        ArgumentNullException.ThrowIfNull(settings);
        var props = Akka.Actor.Props.Create(() => new WatcherActor(settings));
        return settings.Environment.Dispatcher is { } d ? props.WithDispatcher(d) : props;
    }

    /// <inheritdoc/>
    protected override void PreStart()
    {
        var queue = _endpoint.Queue;
        _metrics.ShardsMin.Set(queue.MinShards);
        _metrics.ShardsMax.Set(queue.MaxShards);
        _metrics.ShardCapacity.Set(queue.Capacity);
        _metrics.MaxSamplesPerSend.Set(queue.MaxSamplesPerSend);
        _metrics.ShardsDesired.Set(queue.MinShards);
        _lastSendAt = _time.GetTimestamp();
        StartShards(queue.MinShards);
        _store.Tell(LoadSendPosition.Instance);
        Timers.StartPeriodicTimer(nameof(LoadRetry), LoadRetry.Instance, LoadRetryInterval);
    }

    /// <inheritdoc/>
    protected override void PostStop()
    {
        _source.Dispose();
        _client.Dispose();
    }

    /// <summary>
    /// A shard or the store that fails takes the watcher with it: the watcher's restart resumes from the persisted
    /// position, which re-sends what the lost shard held (at least once) instead of leaving a hole in the acked prefix.
    /// </summary>
    protected override SupervisorStrategy SupervisorStrategy() => new OneForOneStrategy(_ => Directive.Escalate);

    private void HandleLoaded(SendPositionLoaded loaded)
    {
        if (_loaded)
        {
            return;
        }
        _loaded = true;
        Timers.Cancel(nameof(LoadRetry));
        var position = loaded.Position;
        if (position is { } p && WalFollower.IsBeyondEnd(_env.WalDirectory, p))
        {
            _log.Warning(
                "Remote write {0}: stored send position {1} lies beyond the end of the WAL in {2}; sending the WAL from its start",
                _endpoint.RemoteName, p, _env.WalDirectory);
            position = WalPosition.StartOf(0);
        }
        _hadStoredPosition = position is not null;
        _pipeline = NewPipeline(_shards.Count, position ?? default, loaded.AckedTimestampMs);
        _source.Start(position, _createdMs);
        if (position is { } start)
        {
            _saved = start;
            PublishProgress(start, loaded.AckedTimestampMs);
        }
        Timers.StartPeriodicTimer(nameof(PersistTick), PersistTick.Instance, _env.PersistInterval);
        Timers.StartPeriodicTimer(nameof(ReshardTick), ReshardTick.Instance, _env.ReshardInterval);
        ScheduleRead();
    }

    private bool CanRead => _loaded && !_blocked && !_stopping && _flush == FlushPurpose.None;

    private void ScheduleRead()
    {
        if (!_readScheduled && CanRead)
        {
            _readScheduled = true;
            Self.Tell(ReadMore.Instance);
        }
    }

    private void OnWalChanged()
    {
        _waiting = false;
        ScheduleRead();
    }

    private void ReadStep()
    {
        _readScheduled = false;
        if (!CanRead)
        {
            return;
        }
        // Taken before reading: a commit between the last read and the wait below then wakes us at once.
        var version = _env.Notifier.Version;
        for (var i = 0; i < _env.RecordsPerStep; i++)
        {
            FollowStatus status;
            try
            {
                status = _source.ReadOne(_pipeline.Router);
            }
            catch (WalCorruptionException e)
            {
                var skipped = _source.SkipCorruption(e);
                _log.Error(e, "Remote write {0}: cannot read the WAL; {1}", _endpoint.RemoteName, skipped ? "skipping to the next segment" : "retrying");
                Timers.StartSingleTimer(nameof(WalChanged), WalChanged.Instance, CorruptionRetry);
                _waiting = true;
                return;
            }
            switch (status)
            {
                case FollowStatus.Record:
                    if (!SendPending())
                    {
                        CountRead();
                        return;
                    }
                    break;
                case FollowStatus.Truncated:
                    // Samples in the deleted segments that were not read yet are lost; how many cannot be known here.
                    _log.Warning(
                        "Remote write {0}: WAL segments were truncated under the watcher; going on from checkpoint {1} and the first remaining segment",
                        _endpoint.RemoteName, _source.CheckpointIndex);
                    break;
                case FollowStatus.EndOfData:
                    CountRead();
                    OnEndOfData(version);
                    return;
            }
        }
        CountRead();
        ScheduleRead();
    }

    private void OnEndOfData(long version)
    {
        if (_drainReplyTo is not null)
        {
            _drainReachedEnd = true;
            TryFinishDrain();
        }
        if (!_waiting)
        {
            _waiting = true;
            _env.Notifier.WaitAsync(version, _env.PollInterval, _time)
                .PipeTo(Self, success: _ => WalChanged.Instance, failure: _ => WalChanged.Instance);
        }
    }

    private SendPipeline NewPipeline(int shards, WalPosition acked, long ackedTimestampMs) =>
        new(shards, _endpoint.Queue.Capacity, _endpoint.Queue.MaxSamplesPerSend, acked, ackedTimestampMs);

    /// <summary>Feeds what the last read step read into the rates and the node-wide metrics.</summary>
    private void CountRead()
    {
        var (read, dropped) = _source.TakeCounts();
        if (read == 0)
        {
            return;
        }
        _calculator.SamplesIn(read);
        _calculator.SamplesDropped(dropped);
        if (_countsGlobal)
        {
            _env.Metrics.SamplesIn.Inc(read);
            _env.Metrics.HighestTimestamp.IncTo(_source.HighestReadMs / 1000.0);
        }
    }

    /// <summary>Hands queued samples to the shards as capacity allows; false (and reading paused) when a shard is full.</summary>
    private bool SendPending()
    {
        if (_flush != FlushPurpose.None)
        {
            return false;
        }
        var all = _pipeline.SendReady(_send);
        if (!all && !_blocked)
        {
            _blocked = true;
            _metrics.EnqueueRetries.Inc();
        }
        else if (all)
        {
            _blocked = false;
        }
        return all;
    }

    private void HandleProgress(ShardProgress p)
    {
        if (!_shards.IsCurrent(p.ShardIndex, Sender))
        {
            return;
        }
        var done = p.SamplesSent + p.SamplesDropped;
        _calculator.SamplesOut(done);
        _calculator.SendDuration(p.SendDuration);
        _lastSendAt = _time.GetTimestamp();
        _highestSentMs = Math.Max(_highestSentMs, p.HighestSentTimestampMs);
        _pipeline.Progress(p.ShardIndex, p.DoneUpToSeq, done);
        AfterShardNews();
    }

    private void HandleFlushed(ShardFlushed f)
    {
        if (!_shards.IsCurrent(f.ShardIndex, Sender))
        {
            return;
        }
        _pipeline.Flushed(f.ShardIndex);
        if (_flush != FlushPurpose.None && _shards.Flushed(f.ShardIndex))
        {
            FlushCompleted();
        }
        AfterShardNews();
    }

    private void AfterShardNews()
    {
        if (_blocked && SendPending())
        {
            ScheduleRead();
        }
        TryFinishDrain();
    }

    private void HandleFallback(ShardFellBackToV1 f)
    {
        _metrics.ProtocolFallbacks.Inc();
        if (!_shards.FallBackToV1())
        {
            return;
        }
        _log.Warning(
            "Remote write {0}: the receiver at {1} does not speak remote write 2.0 (no written-count headers); falling back to 1.0",
            _endpoint.RemoteName, _endpoint.Url);
    }

    private void StartShards(int count)
    {
        _shards.Start(count);
        _metrics.Shards.Set(count);
    }

    private void BeginFlush(FlushPurpose purpose)
    {
        _flush = purpose;
        _shards.FlushAll(Self);
    }

    private void FlushCompleted()
    {
        var purpose = _flush;
        _flush = FlushPurpose.None;
        if (purpose == FlushPurpose.Reshard)
        {
            Timers.Cancel(nameof(ReshardTimeout));
            var from = _shards.Count;
            _shards.StopAll();
            _pipeline.Reshard(_reshardTo);
            StartShards(_reshardTo);
            _log.Debug("Remote write {0}: resharded from {1} to {2} shards", _endpoint.RemoteName, from, _reshardTo);
            if (SendPending())
            {
                ScheduleRead();
            }
            TryFinishDrain();
        }
        else if (purpose == FlushPurpose.Drain)
        {
            FinishDrain(complete: true);
        }
    }

    private void HandleReshardTick()
    {
        var queue = _endpoint.Queue;
        var decision = _calculator.Tick(
            _shards.Count,
            _source.HighestReadMs == long.MinValue ? 0 : _source.HighestReadMs / 1000.0,
            _highestSentMs / 1000.0,
            _time.GetElapsedTime(_lastSendAt),
            2 * queue.BatchSendDeadline);
        if (!double.IsNaN(decision.Desired))
        {
            _metrics.ShardsDesired.Set(decision.Desired);
        }
        if (decision.Reason == ShardCountReason.SendsFailing)
        {
            // Debug, not Warning: an idle endpoint (nothing to send) lands here every interval; failing sends are
            // logged by the shards.
            _log.Debug("Remote write {0}: skipping resharding, the last send finished too long ago", _endpoint.RemoteName);
        }
        if (decision.Reason != ShardCountReason.Reshard || _flush != FlushPurpose.None || _drainReplyTo is not null || _stopping)
        {
            return;
        }
        _log.Info("Remote write {0}: resharding from {1} to {2} shards", _endpoint.RemoteName, _shards.Count, decision.Shards);
        _reshardTo = decision.Shards;
        BeginFlush(FlushPurpose.Reshard);
        Timers.StartSingleTimer(nameof(ReshardTimeout), ReshardTimeout.Instance, _env.ReshardFlushTimeout);
    }

    private void HandleReshardTimeout()
    {
        if (_flush != FlushPurpose.Reshard)
        {
            return;
        }
        _flush = FlushPurpose.None;
        _shards.CancelFlush();
        _log.Warning(
            "Remote write {0}: shards did not flush within {1}; giving up resharding to {2}, going on with {3}",
            _endpoint.RemoteName, _env.ReshardFlushTimeout, _reshardTo, _shards.Count);
        if (SendPending())
        {
            ScheduleRead();
        }
        TryFinishDrain();
    }

    private void HandleDrain(DrainRemoteWrite drain)
    {
        _drainReplyTo?.Tell(new RemoteWriteDrained(false));
        _drainReplyTo = Sender;
        _drainReachedEnd = false;
        Timers.StartSingleTimer(nameof(DrainDeadline), DrainDeadline.Instance, drain.Deadline);
        // Also when idle at the end of the WAL: the read step then finds the end at once.
        ScheduleRead();
    }

    private void TryFinishDrain()
    {
        if (_drainReplyTo is null || !_drainReachedEnd || _flush != FlushPurpose.None || _blocked || _pipeline.Router.PendingCount > 0)
        {
            return;
        }
        BeginFlush(FlushPurpose.Drain);
    }

    private void FinishDrain(bool complete)
    {
        if (_drainReplyTo is null)
        {
            return;
        }
        Timers.Cancel(nameof(DrainDeadline));
        if (_flush == FlushPurpose.Drain)
        {
            _flush = FlushPurpose.None;
            _shards.CancelFlush();
        }
        SavePosition(force: true);
        if (!complete)
        {
            _log.Warning(
                "Remote write {0}: drain deadline passed with {1} samples unacknowledged; persisted position {2}",
                _endpoint.RemoteName, _pipeline.Outstanding, _pipeline.Tracker.Acked);
        }
        _drainReplyTo.Tell(new RemoteWriteDrained(complete));
        _drainReplyTo = null;
        _drainReachedEnd = false;
        ScheduleRead();
    }

    private void HandleStop()
    {
        if (_stopping)
        {
            return;
        }
        SavePosition(force: true);
        _stopping = true;
        // SaveSendPosition has no reply, and the store coalesces: a save that arrives while a write is in flight is
        // written after it. Stopping the store at once (it stops with us) could lose that last write, so give it a
        // bounded moment; a lost final position only means resending from the previous one.
        Context.Watch(_store);
        Timers.StartSingleTimer(nameof(StopNow), StopNow.Instance, StopGrace);
    }

    private void SavePosition(bool force)
    {
        if (!_loaded)
        {
            return;
        }
        var acked = _pipeline.Tracker.Acked;
        if (!force && _saved == acked)
        {
            return;
        }
        if (!_hadStoredPosition && _saved is null && acked == default)
        {
            // A new endpoint that has not passed a single record yet has no position worth storing.
            return;
        }
        _saved = acked;
        _store.Tell(new SaveSendPosition(acked, _pipeline.Tracker.AckedTimestampMs), Self);
        PublishProgress(acked, _pipeline.Tracker.AckedTimestampMs);
    }

    private void PublishProgress(WalPosition position, long ackedTimestampMs) =>
        Context.System.EventStream.Publish(new RemoteWriteProgress(_endpoint.RemoteName, _endpoint.Url, position, ackedTimestampMs));

    private enum FlushPurpose
    {
        None,
        Reshard,
        Drain,
    }

    private sealed record ReadMore
    {
        public static ReadMore Instance { get; } = new();
    }

    /// <summary>The WAL may have grown. May arrive after the watcher stopped (a pending wait): no dead-letter noise.</summary>
    private sealed record WalChanged : IDeadLetterSuppression
    {
        public static WalChanged Instance { get; } = new();
    }

    private sealed record PersistTick
    {
        public static PersistTick Instance { get; } = new();
    }

    private sealed record ReshardTick
    {
        public static ReshardTick Instance { get; } = new();
    }

    private sealed record ReshardTimeout
    {
        public static ReshardTimeout Instance { get; } = new();
    }

    private sealed record DrainDeadline
    {
        public static DrainDeadline Instance { get; } = new();
    }

    private sealed record LoadRetry
    {
        public static LoadRetry Instance { get; } = new();
    }

    private sealed record StopNow
    {
        public static StopNow Instance { get; } = new();
    }
}
