using System.Collections.Immutable;
using Akka.Actor;
using Akka.Event;
using Scraper.Actors.RemoteWrite;
using Scraper.Wal;

namespace Scraper.Actors.Wal;

/// <summary>
/// One per node: decides when and how far the WAL is truncated, the way Prometheus's agent does, bounded by what the
/// remote_write endpoints still need, and asks the <see cref="AppenderActor"/> to do it (<see cref="TruncateWal"/>).
/// <para>
/// It hears every endpoint's acknowledged position from the EventStream (<see cref="RemoteWriteProgress"/>,
/// <see cref="RemoteWriteEndpointRemoved"/>) and the configured endpoints from the node
/// (<see cref="SetRemoteEndpoints"/>). Every truncate_frequency, once every configured endpoint has reported, it
/// truncates with the cutoff of <see cref="WalTruncationPolicy.TruncationTimestamp"/> over the lowest acknowledged
/// timestamp, keeping every segment from the lowest acknowledged segment on. When an endpoint lags more than
/// max_wal_time, data older than that goes anyway: a forced truncation deletes the segments holding only such data,
/// and the samples the lagging endpoints had not been sent from them are counted as dropped
/// (<c>prometheus_remote_storage_samples_dropped_total</c>) and logged.
/// </para>
/// <para>
/// With a disk budget (<c>--storage.agent.max-size</c>) it compares the WAL's size with it every check interval and
/// after each truncation, and when over, force-deletes the oldest segments (never the one being written) until under,
/// counting and logging drops the same way. One truncation runs at a time; work due meanwhile runs after it. Segment
/// reading happens on the thread pool, never in this actor's mailbox.
/// </para>
/// </summary>
public sealed class WalTruncationActor : ReceiveActor
{
    private readonly IActorRef _appender;
    private readonly WalTruncationSettings _settings;
    private readonly RemoteWriteMetrics _metrics;
    private readonly TimeProvider _time;
    private readonly ILoggingAdapter _log = Context.GetLogger();
    private readonly Dictionary<string, EndpointAck> _acks = new(StringComparer.Ordinal);
    private readonly List<ITimer> _timers = [];
    private ImmutableHashSet<string>? _configured;
    private bool _busy;
    private bool _truncationDue;
    private bool _budgetDue;
    private bool _overBudgetReported;
    private int _truncations;
    private int _budgetTruncations;
    private TruncateWal? _lastRequest;
    private WalTruncated? _lastResult;

    /// <summary>A truncation actor for the WAL of <paramref name="appender"/>.</summary>
    public WalTruncationActor(IActorRef appender, WalTruncationSettings settings, RemoteWriteMetrics metrics, TimeProvider time)
    {
        _appender = appender ?? throw new ArgumentNullException(nameof(appender));
        _settings = settings ?? throw new ArgumentNullException(nameof(settings));
        _metrics = metrics ?? throw new ArgumentNullException(nameof(metrics));
        _time = time ?? throw new ArgumentNullException(nameof(time));
        Receive<SetRemoteEndpoints>(HandleSetEndpoints);
        Receive<RemoteWriteProgress>(HandleProgress);
        Receive<RemoteWriteEndpointRemoved>(HandleRemoved);
        Receive<TruncateTick>(_ =>
        {
            _truncationDue = true;
            TryStart();
        });
        Receive<BudgetTick>(_ =>
        {
            _budgetDue = true;
            TryStart();
        });
        Receive<WalTruncationOutcome>(HandleDone);
        Receive<GetWalTruncationStatus>(_ => Sender.Tell(new WalTruncationStatus(
            _truncations, _budgetTruncations, _busy, [.. WaitingFor().Order(StringComparer.Ordinal)], _lastRequest, _lastResult)));
    }

    /// <summary>Props of the actor (one per node).</summary>
    public static Props Props(IActorRef appender, WalTruncationSettings settings, RemoteWriteMetrics metrics, TimeProvider time) =>
        Akka.Actor.Props.Create(() => new WalTruncationActor(appender, settings, metrics, time));

    /// <inheritdoc/>
    protected override void PreStart()
    {
        Context.System.EventStream.Subscribe(Self, typeof(RemoteWriteProgress));
        Context.System.EventStream.Subscribe(Self, typeof(RemoteWriteEndpointRemoved));
        // Timers on the injected clock (not Akka's scheduler) so tests move time by hand.
        _timers.Add(Periodic(TruncateTick.Instance, _settings.Options.Normalize().TruncateFrequency));
        if (_settings.HasBudget)
        {
            _timers.Add(Periodic(BudgetTick.Instance, _settings.DiskCheckInterval));
        }
    }

    /// <inheritdoc/>
    protected override void PostStop()
    {
        Context.System.EventStream.Unsubscribe(Self);
        foreach (var timer in _timers)
        {
            timer.Dispose();
        }
    }

    private void HandleSetEndpoints(SetRemoteEndpoints m)
    {
        _configured = m.RemoteNames;
        TryStart();
    }

    private void HandleProgress(RemoteWriteProgress p)
    {
        _acks[p.RemoteName] = new EndpointAck(p.RemoteName, p.Url, p.AckedPosition, p.AckedTimestampMs);
        TryStart();
    }

    private void HandleRemoved(RemoteWriteEndpointRemoved m)
    {
        _acks.Remove(m.RemoteName);
        _configured = _configured?.Remove(m.RemoteName);
        TryStart();
    }

    private IEnumerable<string> WaitingFor() => _configured is null ? [] : _configured.Where(n => !_acks.ContainsKey(n));

    /// <summary>Acknowledgements of the configured endpoints (all known ones before the node said which are configured).</summary>
    private ImmutableArray<EndpointAck> Endpoints() =>
        [.. _acks.Values.Where(a => _configured is null || _configured.Contains(a.RemoteName))];

    private void TryStart()
    {
        if (_busy)
        {
            return;
        }
        var nowMs = _time.GetUtcNow().ToUnixTimeMilliseconds();
        if (_truncationDue && _configured is not null && !WaitingFor().Any())
        {
            _truncationDue = false;
            _busy = true;
            var endpoints = Endpoints();
            var (mint, keepFrom, maxCutoff, mayNeedForce) = WalTruncationDecision.Plan(endpoints, nowMs, _settings.Options);
            WalTruncationRuns.TruncateAsync(_appender, _settings.TruncateTimeout, endpoints, mint, keepFrom, maxCutoff, mayNeedForce)
                .PipeTo(Self, failure: e => new WalTruncationOutcome(WalTruncationKind.Time, null, null, [], e.GetBaseException().Message));
        }
        else if (_truncationDue)
        {
            _log.Debug("WAL truncation waits for remote_write endpoints to report: {0}", string.Join(", ", WaitingFor()));
        }
        if (!_busy && _budgetDue && _settings.HasBudget)
        {
            _budgetDue = false;
            _busy = true;
            var endpoints = Endpoints();
            var mint = WalTruncationDecision.Plan(endpoints, nowMs, _settings.Options).Mint;
            WalTruncationRuns.EnforceBudgetAsync(_appender, _settings.TruncateTimeout, _settings.MaxSizeBytes!.Value, endpoints, mint)
                .PipeTo(Self, failure: e => new WalTruncationOutcome(WalTruncationKind.Budget, null, null, [], e.GetBaseException().Message));
        }
    }

    private void HandleDone(WalTruncationOutcome done)
    {
        _busy = false;
        if (done.Request is { } request && done.Result is { } result)
        {
            _lastRequest = request;
            _lastResult = result;
            if (done.Kind == WalTruncationKind.Time)
            {
                _truncations++;
            }
            else
            {
                _budgetTruncations++;
            }
            if (result.Error is null && request.Force && result.DeletedBelowSegment is { } below)
            {
                CountDrops(done, below);
            }
            // After a truncation, and again after the budget deleted something, look at the size once more.
            _budgetDue |= _settings.HasBudget && (done.Kind == WalTruncationKind.Time || result.DeletedBelowSegment is not null);
            _overBudgetReported = false;
        }
        else if (done.Note is not null && (done.Kind == WalTruncationKind.Time || !_overBudgetReported))
        {
            _overBudgetReported = done.Kind == WalTruncationKind.Budget;
            _log.Warning("WAL {0} did not run: {1}", done.Kind == WalTruncationKind.Time ? "truncation" : "size budget check", done.Note);
        }
        TryStart();
    }

    private void CountDrops(WalTruncationOutcome done, int deletedBelow)
    {
        var why = done.Kind == WalTruncationKind.Time ? "max_wal_time" : "the WAL size budget";
        foreach (var (endpoint, samples) in done.Drops)
        {
            if (samples <= 0)
            {
                continue;
            }
            _metrics.ForEndpoint(endpoint.RemoteName, endpoint.Url).SamplesDropped.Inc(samples);
            _log.Warning(
                "WAL segments below {0} deleted because of {1} before remote_write endpoint {2} sent them (acknowledged up to {3}): {4} samples dropped",
                deletedBelow, why, endpoint.RemoteName, endpoint.Acked, samples);
        }
    }

    private ITimer Periodic(object message, TimeSpan period) =>
        _time.CreateTimer(
            static state =>
            {
                var (self, m) = ((IActorRef, object))state!;
                self.Tell(m, ActorRefs.NoSender);
            },
            (Self, message),
            period,
            period);

    private sealed record TruncateTick
    {
        public static TruncateTick Instance { get; } = new();
    }

    private sealed record BudgetTick
    {
        public static BudgetTick Instance { get; } = new();
    }

}
