using Akka.Actor;
using Akka.Event;
using Scraper.Actors.Configuration;
using Scraper.Actors.RemoteWrite.Sending;
using Scraper.Actors.Scrape;
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
/// <remarks>
/// <see cref="ShardProgress.DoneUpToSeq"/> is always the <see cref="ShardAppend.Seq"/> of an append this shard
/// received (-1 before the first is finished): the last one whose samples are all acknowledged or dropped, empty appends
/// included once everything before them is. <see cref="ShardProgress.HighestSentTimestampMs"/> is the highest timestamp
/// this shard has finished sending so far (<see cref="long.MinValue"/> before any). <see cref="ShardProgress.SamplesSent"/>
/// and <see cref="ShardProgress.SamplesDropped"/> (refused for good, or beyond <c>sample_age_limit</c>) together add up,
/// over all progress messages, to the samples appended. A progress with zero counts reports empty appends finished.
/// </remarks>
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
    private readonly ShardBatcher _batcher;
    private readonly RemoteWriteEncoder _encoder = new();
    private readonly SendFailureLog _failures;
    private readonly List<IActorRef> _flushWaiters = [];
    private readonly ILoggingAdapter _log = Context.GetLogger();
    private readonly CancellationTokenSource _stopping = new();

    private RemoteWriteProtoMessage _message;
    private bool _deadlineFired;
    private bool _requestRunning;
    private int _attempt;
    private TimeSpan _nextBackoff;
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
        _batcher = new ShardBatcher(_queue, _time);
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

    /// <inheritdoc/>
    protected override void PostStop()
    {
        _stopping.Cancel();
        // What is still buffered is no longer pending here: the watcher re-reads it from the WAL.
        if (_batcher.Unfinished > 0)
        {
            _metrics.SamplesPending.Dec(_batcher.Unfinished);
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
        if (append.TimestampsMs.Length > 0)
        {
            _metrics.SamplesPending.Inc(append.TimestampsMs.Length);
        }
        if (_batcher.Add(append))
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
        while (!_batcher.InBatch)
        {
            if (_batcher.FinishEmptyAppends())
            {
                ReportProgress(0, 0, TimeSpan.Zero);
            }
            // The timer's firing is the deadline: it must not wait for the clock to agree to the millisecond.
            if (!_batcher.IsDue(force: _deadlineFired || _flushWaiters.Count > 0))
            {
                break;
            }
            var ready = _batcher.Start();
            RearmDeadline();
            _nextBackoff = _backoff.MinBackoff;
            if (ready)
            {
                _encoder.Encode(_batcher.Batch, _message);
                Send();
            }
            else
            {
                FinishBatch(delivered: false);
            }
        }
        if (_flushWaiters.Count > 0 && _batcher.IsEmpty)
        {
            var flushed = new ShardFlushed(_settings.ShardIndex);
            foreach (var waiter in _flushWaiters)
            {
                waiter.Tell(flushed);
            }
            _flushWaiters.Clear();
        }
    }

    /// <summary>The deadline runs from the oldest sample still unsent; one that has already passed makes the next batch due.</summary>
    private void RearmDeadline()
    {
        Timers.Cancel(DeadlineTimer);
        _deadlineFired = false;
        if (_batcher.UntilDeadline() is { } remaining)
        {
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

    private void Send()
    {
        var attempt = ++_attempt;
        var endpoint = _settings.Endpoint;
        var request = new RemoteWriteRequest(
            _settings.Client, _url, _encoder.Body, _message, endpoint.Headers, endpoint.HttpClient, endpoint.RemoteTimeout, _time, attempt);
        // Prometheus counts samples_total per attempt; retried_total says how many of them were repeats.
        _metrics.Samples.Inc(_batcher.Batch.SampleCount);
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
        var count = _batcher.Batch.SampleCount;
        var verdict = result.Response is { } response
            ? RemoteWriteResponseClassifier.Classify(response, _message, count, _queue.RetryOnHttp429, _time.GetUtcNow())
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
                LogFailure(verdict, result, $"{count} samples dropped (not retried)");
                FinishBatch(delivered: false);
                Pump();
                break;
            default:
                _metrics.SamplesRetried.Inc(count);
                var step = _backoff.Next(_nextBackoff, verdict.RetryAfter);
                _nextBackoff = step.NextBackoff;
                LogFailure(verdict, result, $"retrying {count} samples in {GoDuration.Format(step.Delay)}");
                Timers.StartSingleTimer(RetryTimer, RetryNow.Instance, step.Delay);
                break;
        }
    }

    private void FallBackToV1(RemoteWriteVerdict verdict)
    {
        if (_message != RemoteWriteProtoMessage.V1WriteRequest)
        {
            _message = RemoteWriteProtoMessage.V1WriteRequest;
            // Debug only: the watcher logs the fallback once for the endpoint, not once per shard.
            _log.Debug("Remote write {0}: the receiver does not speak remote write 2.0 ({1}); sending 1.0 from now on", _logName, verdict.Reason);
            Context.Parent.Tell(new ShardFellBackToV1(_settings.ShardIndex));
        }
        _encoder.Encode(_batcher.Batch, _message);
        Send();
    }

    private void HandleRetry()
    {
        if (!_batcher.InBatch || _requestRunning)
        {
            return;
        }
        // Samples that grew older than sample_age_limit while the receiver was failing are dropped, not sent late.
        if (_batcher.RefillIfAged(out var empty))
        {
            if (empty)
            {
                FinishBatch(delivered: false);
                Pump();
                return;
            }
            _encoder.Encode(_batcher.Batch, _message);
        }
        Send();
    }

    /// <summary>Counts the finished batch, moves the buffer on and tells the watcher.</summary>
    private void FinishBatch(bool delivered)
    {
        var batch = _batcher.Finish(delivered);
        Timers.Cancel(RetryTimer);
        if (batch.Aged > 0)
        {
            _metrics.SamplesDropped.Inc(batch.Aged);
        }
        if (batch.Failed > 0)
        {
            _metrics.SamplesFailed.Inc(batch.Failed);
        }
        if (batch.Samples > 0)
        {
            _metrics.SamplesPending.Dec(batch.Samples);
        }
        if (batch.InRequest > 0)
        {
            // As Prometheus: bytes and the highest timestamp move on whether the receiver took the batch or refused it for good.
            _metrics.Bytes.Inc(_encoder.CompressedLength);
            _metrics.QueueHighestSentTimestamp.IncTo(_batcher.HighestSentMs / 1000.0);
        }
        ReportProgress(batch.Sent, batch.Failed + batch.Aged, batch.Duration);
    }

    private void ReportProgress(int sent, int dropped, TimeSpan duration) =>
        Context.Parent.Tell(new ShardProgress(_settings.ShardIndex, _batcher.DoneUpToSeq, sent, dropped, duration, _batcher.HighestSentMs));

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
