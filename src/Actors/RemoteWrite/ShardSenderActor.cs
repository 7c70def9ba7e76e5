using Akka.Actor;
using Akka.Event;
using Scraper.Actors.Configuration;
using Scraper.Actors.RemoteWrite.Sending;
using Scraper.Protocol.RemoteWrite;

namespace Scraper.Actors.RemoteWrite;

/// <summary>
/// One of the n shard senders of a remote_write endpoint, a child of the endpoint's watcher, following Prometheus's
/// queue_manager shards: it buffers the <see cref="ShardAppend"/>s it is given (the watcher bounds them by
/// <c>capacity</c>), sends batches of <c>max_samples_per_send</c> when one is full or <c>batch_send_deadline</c> has
/// passed since the oldest buffered sample arrived, with one request in flight at a time so samples of a series stay
/// in order. Recoverable failures (5xx, no response, timeout, 429 with <c>retry_on_http_429</c>) are retried forever
/// with exponential backoff honouring Retry-After: the WAL keeps the data, and dropping it would be a silent gap.
/// Other 4xx drop the batch and count it. After each finished batch the watcher gets <see cref="ShardProgress"/>.
/// </summary>
[System.Diagnostics.CodeAnalysis.SuppressMessage("Design", "CA1001", Justification = "Actors release resources in PostStop, not Dispose.")]
public sealed class ShardSenderActor : ReceiveActor, IWithTimers
{
    private const string DeadlineTimer = "deadline";
    private const string RetryTimer = "retry";

    private readonly ShardSenderSettings _settings;
    private readonly QueueOptions _queue;
    private readonly EndpointMetrics _metrics;
    private readonly TimeProvider _time;
    private readonly BackoffPolicy _backoff;
    private readonly Uri _url;
    private readonly string _logName;
    private readonly ShardBuffer _buffer = new();
    private readonly RemoteWriteBatch _batch;
    private readonly RemoteWriteEncoder _encoder = new();
    private readonly SendFailureLog _failures;
    private readonly List<IActorRef> _flushWaiters = [];
    private readonly ILoggingAdapter _log = Context.GetLogger();
    private readonly CancellationTokenSource _stopping = new();

    private RemoteWriteProtoMessage _message;
    private bool _deadlineFired;
    private bool _busy;
    private bool _requestRunning;
    private int _attempt;
    private int _batchAged;
    private long _batchStarted;
    private TimeSpan _nextBackoff;
    private long _highestSentMs = long.MinValue;
    private Task? _running;

    /// <summary>A shard sender for <paramref name="settings"/>; use <see cref="Props"/>.</summary>
    public ShardSenderActor(ShardSenderSettings settings)
    {
        ArgumentNullException.ThrowIfNull(settings);
        _settings = settings;
        _queue = settings.Endpoint.Queue;
        _metrics = settings.Metrics;
        _time = settings.TimeProvider;
        _message = settings.Message;
        _backoff = new BackoffPolicy(
            _queue.MinBackoff > TimeSpan.Zero ? _queue.MinBackoff : BackoffPolicy.DefaultMinBackoff,
            _queue.MaxBackoff >= _queue.MinBackoff && _queue.MaxBackoff > TimeSpan.Zero ? _queue.MaxBackoff : BackoffPolicy.DefaultMaxBackoff);
        _url = new Uri(settings.Endpoint.Url);
        _logName = (string.IsNullOrEmpty(settings.Endpoint.RemoteName) ? RemoteWriteRequestSender.Redact(_url) : settings.Endpoint.RemoteName)
            + " shard " + settings.ShardIndex.ToString(System.Globalization.CultureInfo.InvariantCulture);
        _batch = new RemoteWriteBatch(Math.Max(1, _queue.MaxSamplesPerSend));
        _failures = new SendFailureLog(_time);

        Receive<ShardAppend>(HandleAppend);
        Receive<RemoteWriteResult>(HandleResult);
        Receive<DeadlineReached>(_ => HandleDeadline());
        Receive<RetryNow>(_ => HandleRetry());
        Receive<FlushShard>(_ => HandleFlush());
    }

    /// <summary>Props for the shard described by <paramref name="settings"/>.</summary>
    public static Props Props(ShardSenderSettings settings) => Akka.Actor.Props.Create(() => new ShardSenderActor(settings));

    /// <inheritdoc/>
    public ITimerScheduler Timers { get; set; } = null!;

    private int MaxSamples => Math.Max(1, _queue.MaxSamplesPerSend);

    /// <inheritdoc/>
    protected override void PostStop()
    {
        _stopping.Cancel();
        // What is still buffered is no longer pending here: the watcher re-reads it from the WAL.
        var left = _buffer.Unsent + _buffer.InFlight;
        if (left > 0)
        {
            _metrics.SamplesPending.Dec(left);
        }
        // The request may still read the encoder's buffer: return it to the pool only once the request is over.
        if (_running is { IsCompleted: false } running)
        {
            var encoder = _encoder;
            var stopping = _stopping;
            running.ContinueWith(_ =>
            {
                encoder.Dispose();
                stopping.Dispose();
            }, CancellationToken.None, TaskContinuationOptions.None, TaskScheduler.Default);
        }
        else
        {
            _encoder.Dispose();
            _stopping.Dispose();
        }
        base.PostStop();
    }

    private void HandleAppend(ShardAppend append)
    {
        var count = append.TimestampsMs.Length;
        if (count > 0)
        {
            _metrics.SamplesPending.Inc(count);
        }
        var hadUnsent = _buffer.Unsent > 0;
        _buffer.Add(append, _time.GetTimestamp());
        if (!hadUnsent && _buffer.Unsent > 0)
        {
            Timers.StartSingleTimer(DeadlineTimer, DeadlineReached.Instance, _queue.BatchSendDeadline);
        }
        Pump();
    }

    private void HandleDeadline()
    {
        _deadlineFired = true;
        Pump();
    }

    private void HandleFlush()
    {
        _flushWaiters.Add(Sender);
        Pump();
    }

    /// <summary>Starts the next batch when one is due and none is in flight; reports finished empty appends and flushes.</summary>
    private void Pump()
    {
        while (!_busy)
        {
            if (_buffer.HasFinishedWithoutBatch)
            {
                _buffer.Finish();
                ReportProgress(0, 0, TimeSpan.Zero);
            }
            if (_buffer.Unsent == 0 || !BatchDue())
            {
                break;
            }
            StartBatch();
        }
        if (!_busy && _flushWaiters.Count > 0 && _buffer.IsEmpty)
        {
            var flushed = new ShardFlushed(_settings.ShardIndex);
            foreach (var waiter in _flushWaiters)
            {
                waiter.Tell(flushed);
            }
            _flushWaiters.Clear();
        }
    }

    private bool BatchDue() =>
        _buffer.Unsent >= MaxSamples
        || _flushWaiters.Count > 0
        || _deadlineFired
        || (_buffer.OldestUnsentArrival is { } oldest && _time.GetElapsedTime(oldest) >= _queue.BatchSendDeadline);

    private void StartBatch()
    {
        _buffer.Cut(MaxSamples);
        RearmDeadline();
        _batchStarted = _time.GetTimestamp();
        _nextBackoff = _backoff.MinBackoff;
        _busy = true;
        if (Prepare())
        {
            Send();
        }
    }

    /// <summary>The deadline runs from the oldest sample still unsent; one that has already passed makes the next batch due.</summary>
    private void RearmDeadline()
    {
        Timers.Cancel(DeadlineTimer);
        _deadlineFired = false;
        if (_buffer.OldestUnsentArrival is { } oldest)
        {
            var remaining = _queue.BatchSendDeadline - _time.GetElapsedTime(oldest);
            if (remaining <= TimeSpan.Zero)
            {
                _deadlineFired = true;
            }
            else
            {
                Timers.StartSingleTimer(DeadlineTimer, DeadlineReached.Instance, remaining);
            }
        }
    }

    /// <summary>
    /// Builds and encodes the batch from the cut, leaving out samples beyond <c>sample_age_limit</c>; when none is
    /// left the batch is finished at once and false returned.
    /// </summary>
    private bool Prepare()
    {
        _batch.Clear();
        var minTimestampMs = _queue.SampleAgeLimit > TimeSpan.Zero
            ? _time.GetUtcNow().ToUnixTimeMilliseconds() - (long)_queue.SampleAgeLimit.TotalMilliseconds
            : long.MinValue;
        _batchAged = _buffer.Fill(_batch, minTimestampMs);
        if (_batch.SampleCount == 0)
        {
            FinishBatch(delivered: false);
            return false;
        }
        _encoder.Encode(_batch, _message);
        return true;
    }

    private void Send()
    {
        var attempt = ++_attempt;
        var endpoint = _settings.Endpoint;
        var request = new RemoteWriteRequest(
            _settings.Client, _url, _encoder.Body, _message, endpoint.Headers, endpoint.HttpClient, endpoint.RemoteTimeout, _time, attempt);
        // Prometheus counts samples_total per attempt; retried_total says how many of them were repeats.
        _metrics.Samples.Inc(_batch.SampleCount);
        _requestRunning = true;
        _running = RemoteWriteRequestSender.SendAsync(request, _stopping.Token).PipeTo(
            Self,
            success: result => result,
            failure: e => new RemoteWriteResult(attempt, null, e.Message, null, TimeSpan.Zero));
    }

    private void HandleResult(RemoteWriteResult result)
    {
        if (!_requestRunning || result.Attempt != _attempt)
        {
            return;
        }
        _requestRunning = false;
        _metrics.SentBatchDuration.Observe(result.Duration.TotalSeconds);
        var verdict = result.Response is { } response
            ? RemoteWriteResponseClassifier.Classify(response, _message, _batch.SampleCount, _queue.RetryOnHttp429, _time.GetUtcNow())
            : RemoteWriteResponseClassifier.ClassifyTransportFailure(result.Error ?? "unknown error");
        switch (verdict.Outcome)
        {
            case RemoteWriteOutcome.Success:
                if (_failures.Success(out var failures, out var failedFor))
                {
                    _log.Info("Remote write {0}: sending again after {1} failed attempts over {2}", _logName, failures, failedFor);
                }
                FinishBatch(delivered: true);
                Pump();
                break;
            case RemoteWriteOutcome.FallBackToV1:
                FallBackToV1(verdict);
                break;
            case RemoteWriteOutcome.Drop:
                LogFailure(verdict, result, $"{_batch.SampleCount} samples dropped (not retried)");
                FinishBatch(delivered: false);
                Pump();
                break;
            default:
                _metrics.SamplesRetried.Inc(_batch.SampleCount);
                var step = _backoff.Next(_nextBackoff, verdict.RetryAfter);
                _nextBackoff = step.NextBackoff;
                LogFailure(verdict, result, $"retrying {_batch.SampleCount} samples in {step.Delay}");
                Timers.StartSingleTimer(RetryTimer, RetryNow.Instance, step.Delay);
                break;
        }
    }

    private void FallBackToV1(RemoteWriteVerdict verdict)
    {
        if (_message != RemoteWriteProtoMessage.V1WriteRequest)
        {
            _message = RemoteWriteProtoMessage.V1WriteRequest;
            _log.Info("Remote write {0}: the receiver does not speak remote write 2.0 ({1}); sending 1.0 from now on", _logName, verdict.Reason);
            Context.Parent.Tell(new ShardFellBackToV1(_settings.ShardIndex));
        }
        _encoder.Encode(_batch, _message);
        Send();
    }

    private void HandleRetry()
    {
        if (!_busy || _requestRunning)
        {
            return;
        }
        // Samples that grew older than sample_age_limit while the receiver was failing are dropped, not sent late.
        if (_queue.SampleAgeLimit > TimeSpan.Zero
            && _batch.LowestTimestampMs < _time.GetUtcNow().ToUnixTimeMilliseconds() - (long)_queue.SampleAgeLimit.TotalMilliseconds)
        {
            if (!Prepare())
            {
                Pump();
                return;
            }
        }
        Send();
    }

    /// <summary>Counts the finished batch, moves the buffer on and tells the watcher.</summary>
    private void FinishBatch(bool delivered)
    {
        var cut = _buffer.InFlight;
        var inBatch = _batch.SampleCount;
        var failed = delivered ? 0 : inBatch;
        if (_batchAged > 0)
        {
            _metrics.SamplesDropped.Inc(_batchAged);
        }
        if (failed > 0)
        {
            _metrics.SamplesFailed.Inc(failed);
        }
        if (cut > 0)
        {
            _metrics.SamplesPending.Dec(cut);
        }
        if (inBatch > 0)
        {
            // As Prometheus: bytes and the highest timestamp move on whether the receiver took the batch or refused it for good.
            _metrics.Bytes.Inc(_encoder.CompressedLength);
            _highestSentMs = Math.Max(_highestSentMs, _batch.HighestTimestampMs);
            _metrics.QueueHighestSentTimestamp.IncTo(_highestSentMs / 1000.0);
        }
        var duration = _time.GetElapsedTime(_batchStarted);
        _buffer.Finish();
        _batch.Clear();
        _busy = false;
        Timers.Cancel(RetryTimer);
        ReportProgress(delivered ? inBatch : 0, failed + _batchAged, duration);
        _batchAged = 0;
    }

    private void ReportProgress(int sent, int dropped, TimeSpan duration) =>
        Context.Parent.Tell(new ShardProgress(_settings.ShardIndex, _buffer.DoneUpToSeq, sent, dropped, duration, _highestSentMs));

    private void LogFailure(RemoteWriteVerdict verdict, RemoteWriteResult result, string action)
    {
        if (!_failures.Failure(out var skipped))
        {
            return;
        }
        var reason = string.IsNullOrEmpty(result.ErrorBody) ? verdict.Reason : verdict.Reason + ": " + result.ErrorBody;
        if (_failures.Failures == 1)
        {
            _log.Warning("Remote write {0}: {1}; {2}", _logName, reason, action);
        }
        else
        {
            _log.Warning("Remote write {0}: still failing after {1} attempts over {2} ({3} not logged): {4}; {5}",
                _logName, _failures.Failures, _failures.FailingFor, skipped, reason, action);
        }
    }

    private sealed record DeadlineReached
    {
        public static DeadlineReached Instance { get; } = new();
    }

    private sealed record RetryNow
    {
        public static RetryNow Instance { get; } = new();
    }
}
