using Akka.Actor;
using Akka.Event;

namespace Scraper.Actors.Scrape;

/// <summary>
/// One sharded entity per target: scrapes it at its hash-derived phase every interval and appends the result to the
/// node's WAL appender. The HTTP request runs as a task piped back to the actor; the body is parsed on the actor
/// thread by <see cref="ScrapeResultBuilder"/>, which holds all scrape semantics. Stops without staleness markers on
/// hand-off (<see cref="StopTarget"/>), when its lease runs out, and when the node stops; writes them on
/// <see cref="RetireTarget"/>.
/// </summary>
/// <remarks>
/// The schedule uses <see cref="TimeProvider"/> timers, not Akka's scheduler: the scheduler's 10 ms wheel would push
/// nearly every scrape past Prometheus's 2 ms timestamp alignment tolerance, and a TimeProvider lets tests move time
/// by hand. The timer callback only tells the actor; a generation number discards ticks of a replaced timer.
/// </remarks>
[System.Diagnostics.CodeAnalysis.SuppressMessage("Design", "CA1001", Justification = "Actors release resources in PostStop, not Dispose.")]
public sealed class ScrapeTargetActor : ReceiveActor
{
    private readonly string _targetId;
    private readonly ulong _hash;
    private readonly ScrapeTargetEnvironment _env;
    private readonly ILoggingAdapter _log = Context.GetLogger();
    private readonly CancellationTokenSource _stopping = new();

    private EnsureTarget? _spec;
    private ScrapeJobSettings? _settings;
    private ScrapeResultBuilder? _builder;
    private ITimer? _timer;
    private long _timerGeneration;
    private DateTimeOffset _slot;
    private DateTimeOffset _lastEnsure;
    private long? _lastStart;
    private long _lastTimestampMs = long.MinValue;
    private bool _inFlight;
    private int _sizeHint;

    /// <summary>An entity for <paramref name="targetId"/>.</summary>
    public ScrapeTargetActor(string targetId, ScrapeTargetEnvironment env)
    {
        _targetId = targetId;
        _env = env;
        if (!TargetIdentity.TryParse(targetId, out _hash))
        {
            // Not one of ours (ids are hex target hashes): any fixed phase will do.
            _hash = (ulong)StringComparer.Ordinal.GetHashCode(targetId);
        }
        Receive<EnsureTarget>(HandleEnsure);
        Receive<Tick>(HandleTick);
        Receive<Fetched>(HandleFetched);
        Receive<RetireTarget>(_ => HandleRetire());
        Receive<StopTarget>(_ => Context.Stop(Self));
    }

    /// <summary>Props for the entity of <paramref name="targetId"/>.</summary>
    public static Props Props(string targetId, ScrapeTargetEnvironment env) =>
        Akka.Actor.Props.Create(() => new ScrapeTargetActor(targetId, env));

    /// <inheritdoc/>
    protected override void PostStop()
    {
        _timer?.Dispose();
        _stopping.Cancel();
        _stopping.Dispose();
        _env.Health.Tell(new TargetStopped(_targetId));
    }

    private void HandleEnsure(EnsureTarget m)
    {
        _lastEnsure = _env.Time.GetUtcNow();
        var reschedule = _spec is null || _spec.Interval != m.Interval;
        var relabel = _spec is null || !_spec.Labels.Equals(m.Labels);
        _spec = m;
        if (!_env.Jobs.TryGet(m.JobName, out var settings))
        {
            _log.Warning("Target {0} of job {1}: the job is not configured on this node; not scraping", m.ScrapeUrl, m.JobName);
            return;
        }
        // Reconcile ticks repeat the same EnsureTarget every few seconds: only a real change touches the cache.
        if (relabel || !ReferenceEquals(settings, _settings))
        {
            Configure(settings);
        }
        if (reschedule || _timer is null)
        {
            Arm(ScrapeSchedule.FirstSlot(_env.Time.GetUtcNow(), m.Interval, _hash, _env.OffsetSeed));
        }
    }

    private void Configure(ScrapeJobSettings settings)
    {
        _settings = settings;
        var options = settings.Options;
        var config = new ScrapeTargetConfig
        {
            TargetLabels = _spec!.Labels,
            HonorLabels = options.HonorLabels,
            HonorTimestamps = options.HonorTimestamps,
            TrackTimestampsStaleness = options.TrackTimestampsStaleness,
            MetricRelabelConfigs = options.MetricRelabelConfigs,
            SampleLimit = options.SampleLimit,
            LabelLimits = settings.LabelLimits,
        };
        if (_builder is null)
        {
            _builder = new ScrapeResultBuilder(config);
        }
        else
        {
            _builder.Reconfigure(config);
        }
    }

    private void HandleTick(Tick tick)
    {
        if (tick.Generation != _timerGeneration || _spec is not { } spec)
        {
            return;
        }
        var now = _env.Time.GetUtcNow();
        if (spec.Lease > TimeSpan.Zero && now - _lastEnsure > spec.Lease)
        {
            _log.Info("Target {0} of job {1}: no EnsureTarget for {2}; stopping without staleness markers", spec.ScrapeUrl, spec.JobName, spec.Lease);
            Context.Stop(Self);
            return;
        }
        var slot = _slot;
        Arm(ScrapeSchedule.NextSlot(slot, now, spec.Interval));
        if (!_env.Jobs.TryGet(spec.JobName, out var settings))
        {
            return;
        }
        if (!ReferenceEquals(settings, _settings))
        {
            Configure(settings);
        }
        if (_inFlight)
        {
            _log.Debug("Target {0}: previous scrape still running, skipping the one due at {1:O}", spec.ScrapeUrl, slot);
            return;
        }

        var start = _env.Time.GetTimestamp();
        if (_lastStart is { } last)
        {
            _env.Metrics.IntervalLength.WithLabels(GoDuration.Format(spec.Interval)).Observe(_env.Time.GetElapsedTime(last, start).TotalSeconds);
        }
        _lastStart = start;
        var timestampMs = ScrapeSchedule.AlignTimestamp(slot, now, spec.Interval).ToUnixTimeMilliseconds();
        if (spec.ForcedError is { } forced)
        {
            HandleFetched(new Fetched(ScrapeFetchResult.Failed(forced), timestampMs, start));
            return;
        }
        var request = new ScrapeRequest(
            settings.Client, settings.Options.HttpClient, spec.ScrapeUrl, settings.AcceptHeader, settings.AcceptEncoding,
            spec.Timeout, settings.Options.BodySizeLimit.Bytes, _sizeHint, _env.Time);
        _inFlight = true;
        ScrapeFetcher.FetchAsync(request, _stopping.Token).PipeTo(
            Self,
            success: result => new Fetched(result, timestampMs, start),
            failure: e => new Fetched(ScrapeFetchResult.Failed(e.Message), timestampMs, start));
    }

    private void HandleFetched(Fetched fetched)
    {
        _inFlight = false;
        if (_builder is null || _spec is not { } spec)
        {
            fetched.Result.Release();
            return;
        }
        var result = fetched.Result;
        ScrapeReport report;
        if (result.Error is null)
        {
            report = _builder.AppendScrape(result.Body, result.ContentType, fetched.TimestampMs);
            if (result.Length > 0)
            {
                _sizeHint = result.Length;
            }
            result.Release();
        }
        else
        {
            report = ScrapeReport.Failed(result.Error) with { CacheFlushForced = _builder.AppendFailure(fetched.TimestampMs) };
            if (result.BodySizeLimitExceeded)
            {
                _env.Metrics.ExceededBodySizeLimit.Inc();
            }
        }
        var duration = _env.Time.GetElapsedTime(fetched.Start);
        _builder.AppendReport(fetched.TimestampMs, report.Error is null, duration.TotalSeconds, report);
        _lastTimestampMs = Math.Max(_lastTimestampMs, fetched.TimestampMs);
        _env.Appender.Tell(_builder.TakeBatch(_targetId));
        _env.Metrics.Count(report);
        if (report.Error is not null)
        {
            _log.Debug("Scrape of {0} failed: {1}", spec.ScrapeUrl, report.Error);
        }
        _env.Health.Tell(new TargetScraped(new TargetHealthInfo(
            _targetId,
            spec.JobName,
            report.Error is null ? TargetHealth.Up : TargetHealth.Down,
            DateTimeOffset.FromUnixTimeMilliseconds(fetched.TimestampMs),
            duration,
            report.Error ?? string.Empty)));
    }

    private void HandleRetire()
    {
        if (_builder is not null)
        {
            // Stale markers must come after the last scrape's samples to be accepted for their series.
            var timestampMs = Math.Max(_env.Time.GetUtcNow().ToUnixTimeMilliseconds(), _lastTimestampMs + 1);
            _builder.AppendRetirement(timestampMs);
            if (_builder.Count > 0)
            {
                _env.Appender.Tell(_builder.TakeBatch(_targetId));
            }
        }
        Context.Stop(Self);
    }

    private void Arm(DateTimeOffset slot)
    {
        _slot = slot;
        var generation = ++_timerGeneration;
        var due = slot - _env.Time.GetUtcNow();
        _timer?.Dispose();
        _timer = _env.Time.CreateTimer(
            static state =>
            {
                var (self, g) = ((IActorRef, long))state!;
                self.Tell(new Tick(g));
            },
            (Self, generation),
            due < TimeSpan.Zero ? TimeSpan.Zero : due,
            Timeout.InfiniteTimeSpan);
    }

    private sealed record Tick(long Generation);

    private sealed record Fetched(ScrapeFetchResult Result, long TimestampMs, long Start);
}
