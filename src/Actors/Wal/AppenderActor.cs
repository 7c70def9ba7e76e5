using Akka.Actor;
using Akka.Event;
using Scraper.Wal;

namespace Scraper.Actors.Wal;

/// <summary>
/// One per node: owns the WAL writer. Every scrape actor sends it <see cref="AppendSamples"/>; it stages them at once
/// and commits everything staged when a flush message it sent itself comes round the mailbox, so all appends that
/// arrived meanwhile share one commit (group commit: one write() and at most one fsync for many scrapes). Also
/// fsyncs on a timer (<see cref="WalSyncPolicy.Interval"/>), truncates on <see cref="TruncateWal"/> and reports
/// <see cref="WalStatus"/>. Runs on its own pinned dispatcher because writes and fsync block a thread. On stop it
/// commits what it has, fsyncs and closes the segment. When a write fails (disk full, I/O error) the actor throws and
/// is restarted: the new incarnation opens the WAL again, which cuts off the torn tail, and the appends that were
/// staged but not committed are lost (logged).
/// </summary>
public sealed class AppenderActor : ReceiveActor, IWithTimers, IWithUnboundedStash
{
    /// <summary>The dispatcher the appender runs on (declared by the hosting extension): one dedicated thread.</summary>
    public const string DispatcherId = "scraper-wal-appender-dispatcher";

    private readonly WalSampleAppender _appender;
    private readonly AppenderMetrics _metrics;
    private readonly TimeProvider _time;
    private readonly ILoggingAdapter _log = Context.GetLogger();
    private bool _flushPending;
    private bool _truncating;

    /// <summary>
    /// An appender over the WAL of <paramref name="options"/>: the one <paramref name="opened"/> holds for the first
    /// incarnation, opened anew (replayed and repaired) after a restart.
    /// </summary>
    public AppenderActor(WalWriterOptions options, OpenedWal? opened, AppenderMetrics metrics, TimeProvider time, TimeSpan syncCheckInterval)
    {
        ArgumentNullException.ThrowIfNull(options);
        if (opened is null || !opened.TryTake(out var writer, out var series))
        {
            series = new SeriesRefs();
            writer = WalWriter.Open(options, series);
            _log.Warning("WAL reopened in {0}: {1} series replayed, writing segment {2}", options.Directory, series.Count, writer.Segment);
        }
        _appender = new WalSampleAppender(writer, series);
        _metrics = metrics;
        _time = time;
        _metrics.Publish(writer.Metrics, series);
        Receive<AppendSamples>(HandleAppend);
        Receive<Flush>(_ => Commit());
        Receive<SyncTick>(_ => Sync());
        Receive<TruncateWal>(HandleTruncate);
        Receive<CheckpointDone>(HandleCheckpointDone);
        Receive<GetWalStatus>(_ => Sender.Tell(Status()));
        Timers!.StartPeriodicTimer(nameof(SyncTick), SyncTick.Instance, syncCheckInterval);
    }

    /// <inheritdoc/>
    public ITimerScheduler Timers { get; set; } = null!;

    /// <inheritdoc/>
    public IStash Stash { get; set; } = null!;

    /// <summary>Props on <see cref="DispatcherId"/>; the actor takes ownership of the writer in <paramref name="opened"/>.</summary>
    public static Props Props(WalWriterOptions options, OpenedWal? opened, AppenderMetrics metrics, TimeProvider time, TimeSpan syncCheckInterval) =>
        Akka.Actor.Props.Create(() => new AppenderActor(options, opened, metrics, time, syncCheckInterval)).WithDispatcher(DispatcherId);

    /// <inheritdoc/>
    protected override void PostStop()
    {
        var writer = _appender.Writer;
        try
        {
            if (writer.StagedSamples > 0 || writer.StagedSeries > 0)
            {
                writer.Commit();
            }
            writer.Sync();
        }
        catch (Exception e) when (e is IOException or InvalidOperationException or ObjectDisposedException)
        {
            _log.Error(e, "Final WAL commit in {0} failed", writer.Directory);
        }
        finally
        {
            writer.Dispose();
        }
    }

    private void HandleAppend(AppendSamples batch)
    {
        int accepted, outOfOrder;
        try
        {
            (accepted, outOfOrder) = _appender.Stage(batch);
        }
        catch (ArgumentException e)
        {
            // A malformed append is the sender's bug; dropping it keeps everyone else's data flowing.
            _log.Error("Dropped a malformed append: {0}", e.Message);
            return;
        }
        _metrics.SamplesAppended.Inc(accepted);
        if (outOfOrder > 0)
        {
            _metrics.OutOfOrderSamples.Inc(outOfOrder);
        }
        if (!_flushPending)
        {
            _flushPending = true;
            Self.Tell(Flush.Instance);
        }
    }

    private void Commit()
    {
        _flushPending = false;
        _appender.Writer.Commit();
        _metrics.Publish(_appender.Writer.Metrics, _appender.Series);
    }

    private void Sync()
    {
        _appender.Writer.SyncIfDue();
        _metrics.Publish(_appender.Writer.Metrics, _appender.Series);
    }

    private void HandleTruncate(TruncateWal m)
    {
        if (_truncating)
        {
            Stash.Stash();
            return;
        }
        Commit();
        var started = _time.GetTimestamp();
        var writer = _appender.Writer;
        var series = _appender.Series;
        var (prepared, collected, newSegment) = WalTruncator.Prepare(writer, series, m.MinTimestampMs);
        var plan = WalTruncationPlanner.Bound(
            prepared, WalDirectory.SegmentRange(writer.Directory)?.First, newSegment, m.KeepFromSegment, m.Force,
            series.CheckpointKeepSet, writer.Directory, m.MinTimestampMs, writer.Compress);
        if (plan is null)
        {
            Sender.Tell(new WalTruncated(m.MinTimestampMs, null, null, collected, null));
            Finish(started);
            return;
        }
        // The checkpoint reads finished segments only, so appends go on while it runs on the thread pool; a long
        // checkpoint would otherwise hold up every scrape's append behind it in this mailbox.
        _truncating = true;
        var replyTo = Sender;
        var metrics = writer.Metrics;
        Task.Run(() => WalTruncator.Checkpoint(plan, metrics)).PipeTo(
            Self,
            success: stats => new CheckpointDone(m, plan, collected, started, replyTo, null),
            failure: e => new CheckpointDone(m, plan, collected, started, replyTo, e.GetBaseException().Message));
    }

    private void HandleCheckpointDone(CheckpointDone done)
    {
        _truncating = false;
        var m = done.Request;
        if (done.Error is not null)
        {
            _log.Error("WAL checkpoint of segments {0}..{1} failed: {2}", done.Plan.First, done.Plan.Last, done.Error);
            done.ReplyTo.Tell(new WalTruncated(m.MinTimestampMs, null, null, done.Collected, done.Error));
        }
        else
        {
            WalTruncator.Complete(_appender.Writer, _appender.Series, done.Plan, (level, text) => WalLog(level, text));
            _log.Info("WAL truncated below segment {0} (checkpoint {1}, {2} series collected)", done.Plan.Last + 1, done.Plan.Last, done.Collected);
            done.ReplyTo.Tell(new WalTruncated(m.MinTimestampMs, done.Plan.Last + 1, done.Plan.Last, done.Collected, null));
        }
        Finish(done.Started);
        Stash.UnstashAll();
    }

    private void Finish(long started)
    {
        _metrics.TruncateDuration.Observe(_time.GetElapsedTime(started).TotalSeconds);
        _metrics.Publish(_appender.Writer.Metrics, _appender.Series);
    }

    private WalStatus Status()
    {
        var writer = _appender.Writer;
        var range = WalDirectory.SegmentRange(writer.Directory);
        return new WalStatus(
            writer.Directory,
            range?.First ?? writer.Segment,
            range?.Last ?? writer.Segment,
            writer.Segment,
            writer.Position.Offset,
            WalDirectory.Size(writer.Directory),
            _appender.Series.Count);
    }

    private void WalLog(WalLogLevel level, string text)
    {
        switch (level)
        {
            case WalLogLevel.Error:
                _log.Error("{0}", text);
                break;
            case WalLogLevel.Warning:
                _log.Warning("{0}", text);
                break;
            default:
                _log.Info("{0}", text);
                break;
        }
    }

    private sealed record Flush
    {
        public static Flush Instance { get; } = new();
    }

    private sealed record SyncTick
    {
        public static SyncTick Instance { get; } = new();
    }

    private sealed record CheckpointDone(
        TruncateWal Request, WalTruncationPlan Plan, int Collected, long Started, IActorRef ReplyTo, string? Error);
}
