using System.Threading.Channels;
using Microsoft.AspNetCore.Http;
using Scraper.Protocol.RemoteWrite;
using Scraper.TestSupport;

namespace Scraper.Actors.Tests.RemoteWrite.Sending;

/// <summary>One sample of a received request, flattened: the series' labels in text form, timestamp, value.</summary>
public sealed record ReceivedSample(string Series, long TimestampMs, double Value);

/// <summary>A request the <see cref="FaultReceiver"/> got: its number (1-based), headers and raw body.</summary>
public sealed record ReceivedRequest(int Number, IReadOnlyDictionary<string, string> Headers, byte[] Body)
{
    public string Header(string name) => Headers.TryGetValue(name, out var v) ? v : string.Empty;

    public bool IsV2 => Header("Content-Type").Contains("proto=io.prometheus.write.v2.Request", StringComparison.Ordinal);

    /// <summary>The samples in body order, decoded as 1.0 or 2.0 per the Content-Type.</summary>
    public IReadOnlyList<ReceivedSample> Samples()
    {
        var result = new List<ReceivedSample>();
        if (IsV2)
        {
            var request = RemoteWriteDecoder.DecodeV2(Body);
            foreach (var ts in request.Timeseries)
            {
                var labels = RemoteWriteDecoder.ResolveLabels(request.Symbols, ts.LabelsRefs).ToString();
                result.AddRange(ts.Samples.Select(s => new ReceivedSample(labels, s.Timestamp, s.Value)));
            }
        }
        else
        {
            foreach (var ts in RemoteWriteDecoder.DecodeV1(Body).Timeseries)
            {
                var labels = RemoteWriteDecoder.ToLabels(ts.Labels).ToString();
                result.AddRange(ts.Samples.Select(s => new ReceivedSample(labels, s.Timestamp, s.Value)));
            }
        }
        return result;
    }
}

/// <summary>
/// A remote-write receiver on 127.0.0.1 for fault injection: records every request before answering it with
/// <see cref="Respond"/> (200 by default), which the test swaps to answer 500, 429, 400, hang, or reset.
/// </summary>
public sealed class FaultReceiver : IAsyncDisposable
{
    private readonly Channel<ReceivedRequest> _requests = Channel.CreateUnbounded<ReceivedRequest>();
    private TestHttpServer? _server;
    private int _count;

    private FaultReceiver()
    {
    }

    /// <summary>Answers request number n (1-based); 200 when not set.</summary>
    public Func<int, HttpContext, Task> Respond { get; set; } = (_, ctx) => Status(ctx, 200);

    public string Url => _server!.BaseUrl + "/api/v1/write";

    public int Count => Volatile.Read(ref _count);

    public static async Task<FaultReceiver> StartAsync(CancellationToken cancellationToken)
    {
        var receiver = new FaultReceiver();
        receiver._server = await TestHttpServer.StartAsync(receiver.HandleAsync, cancellationToken);
        return receiver;
    }

    public static Task Status(HttpContext ctx, int status, params (string Name, string Value)[] headers)
    {
        ctx.Response.StatusCode = status;
        foreach (var (name, value) in headers)
        {
            ctx.Response.Headers[name] = value;
        }
        return status >= 300 ? ctx.Response.WriteAsync("test receiver says " + status, ctx.RequestAborted) : Task.CompletedTask;
    }

    /// <summary>A 2xx as a 2.0 receiver answers it: with the written-count headers.</summary>
    public static Task WrittenV2(HttpContext ctx, int samples) =>
        Status(ctx, 204, (RemoteWriteHeaders.SamplesWritten, samples.ToString(System.Globalization.CultureInfo.InvariantCulture)),
            (RemoteWriteHeaders.HistogramsWritten, "0"), (RemoteWriteHeaders.ExemplarsWritten, "0"));

    /// <summary>Never answers: waits until the client gives up (remote_timeout) and the connection goes.</summary>
    public static async Task Hang(HttpContext ctx)
    {
        try
        {
            await Task.Delay(Timeout.Infinite, ctx.RequestAborted);
        }
        catch (OperationCanceledException)
        {
            // The client went away.
        }
    }

    /// <summary>Resets the connection without an answer.</summary>
    public static Task Reset(HttpContext ctx)
    {
        ctx.Abort();
        return Task.CompletedTask;
    }

    public async Task<ReceivedRequest> NextAsync(TimeSpan timeout, CancellationToken cancellationToken)
    {
        using var cts = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        cts.CancelAfter(timeout);
        try
        {
            return await _requests.Reader.ReadAsync(cts.Token);
        }
        catch (OperationCanceledException) when (!cancellationToken.IsCancellationRequested)
        {
            throw new TimeoutException($"no remote-write request within {timeout} (got {Count} so far)");
        }
    }

    public bool TryNext(out ReceivedRequest? request) => _requests.Reader.TryRead(out request);

    public async ValueTask DisposeAsync()
    {
        if (_server is not null)
        {
            await _server.DisposeAsync();
        }
    }

    private async Task HandleAsync(HttpContext ctx)
    {
        using var body = new MemoryStream();
        await ctx.Request.Body.CopyToAsync(body, ctx.RequestAborted);
        var headers = new Dictionary<string, string>(StringComparer.OrdinalIgnoreCase);
        foreach (var (name, value) in ctx.Request.Headers)
        {
            headers[name] = value.ToString();
        }
        var number = Interlocked.Increment(ref _count);
        _requests.Writer.TryWrite(new ReceivedRequest(number, headers, body.ToArray()));
        await Respond(number, ctx);
    }
}
