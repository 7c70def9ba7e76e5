using System.Collections.Concurrent;
using System.Diagnostics;
using System.Net;
using System.Net.Sockets;
using Scraper.Protocol.RemoteWrite;

namespace Scraper.Protocol.Tests.RemoteWrite.Interop;

/// <summary>
/// A real remote-write receiver (Prometheus, VictoriaMetrics) started by a test class on a free loopback port with
/// its own temp data directory, stopped by its process handle and cleaned up in <see cref="DisposeAsync"/>.
/// </summary>
public abstract class ReceiverProcess : IAsyncLifetime
{
    private static readonly TimeSpan StartupDeadline = TimeSpan.FromSeconds(60);

    private readonly ConcurrentQueue<string> _log = new();
    private Process? _process;

    protected ReceiverProcess()
    {
        DataDirectory = Directory.CreateTempSubdirectory("scraper-rw-interop-");
        Port = FreeLoopbackPort();
        Http = new HttpClient { BaseAddress = new Uri($"http://127.0.0.1:{Port}"), Timeout = TimeSpan.FromSeconds(30) };
    }

    public DirectoryInfo DataDirectory { get; }

    public int Port { get; }

    public HttpClient Http { get; }

    /// <summary>Path of the receiver's write endpoint.</summary>
    public abstract string WritePath { get; }

    /// <summary>Name and version for test output.</summary>
    public abstract string Name { get; }

    protected abstract string Executable { get; }

    protected abstract string ReadyPath { get; }

    protected abstract IEnumerable<string> Arguments();

    /// <summary>The last lines the process printed, for failure messages.</summary>
    public string RecentOutput => string.Join('\n', _log);

    public async ValueTask InitializeAsync()
    {
        if (!File.Exists(Executable))
        {
            throw new InvalidOperationException($"{Executable} is not installed; the interop tests need it (apt-get install prometheus victoria-metrics)");
        }
        var psi = new ProcessStartInfo(Executable)
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        foreach (var a in Arguments())
        {
            psi.ArgumentList.Add(a);
        }
        _process = Process.Start(psi) ?? throw new InvalidOperationException($"could not start {Executable}");
        _process.OutputDataReceived += (_, e) => Remember(e.Data);
        _process.ErrorDataReceived += (_, e) => Remember(e.Data);
        _process.BeginOutputReadLine();
        _process.BeginErrorReadLine();

        var deadline = DateTime.UtcNow + StartupDeadline;
        while (true)
        {
            if (_process.HasExited)
            {
                throw new InvalidOperationException($"{Executable} exited with {_process.ExitCode} during startup:\n{RecentOutput}");
            }
            try
            {
                using var response = await Http.GetAsync(ReadyPath);
                if (response.IsSuccessStatusCode)
                {
                    return;
                }
            }
            catch (HttpRequestException)
            {
                // Not listening yet.
            }
            if (DateTime.UtcNow > deadline)
            {
                throw new TimeoutException($"{Executable} was not ready on port {Port} within {StartupDeadline}:\n{RecentOutput}");
            }
            await Task.Delay(100);
        }
    }

    public async ValueTask DisposeAsync()
    {
        Http.Dispose();
        if (_process is { } p)
        {
            try
            {
                if (!p.HasExited)
                {
                    p.Kill(entireProcessTree: true);
                    await p.WaitForExitAsync().WaitAsync(TimeSpan.FromSeconds(30));
                }
            }
            finally
            {
                p.Dispose();
            }
        }
        try
        {
            DataDirectory.Delete(recursive: true);
        }
        catch (IOException)
        {
            // A file still held open would only leak a temp dir; never fail the run for it.
        }
        GC.SuppressFinalize(this);
    }

    /// <summary>POSTs an encoded body with the headers the spec requires for <paramref name="message"/>.</summary>
    public async Task<HttpResponseMessage> PostAsync(ReadOnlyMemory<byte> body, RemoteWriteProtoMessage message, CancellationToken ct)
    {
        using var request = new HttpRequestMessage(HttpMethod.Post, WritePath) { Content = new ReadOnlyMemoryContent(body) };
        request.Content.Headers.TryAddWithoutValidation(RemoteWriteHeaders.ContentType, RemoteWriteHeaders.ContentTypeFor(message));
        request.Content.Headers.TryAddWithoutValidation(RemoteWriteHeaders.ContentEncoding, RemoteWriteHeaders.SnappyEncoding);
        request.Headers.TryAddWithoutValidation(RemoteWriteHeaders.Version, RemoteWriteHeaders.VersionFor(message));
        request.Headers.TryAddWithoutValidation(RemoteWriteHeaders.UserAgent, RemoteWriteHeaders.UserAgentValue);
        return await Http.SendAsync(request, ct);
    }

    /// <summary>
    /// Encodes <paramref name="batch"/> as <paramref name="message"/>, posts it, writes the answer to the test
    /// output and returns what our classifier makes of it, with the response body for failure messages.
    /// </summary>
    public async Task<(RemoteWriteVerdict Verdict, string Body)> SendAsync(RemoteWriteBatch batch, RemoteWriteProtoMessage message, CancellationToken ct)
    {
        using var encoder = new RemoteWriteEncoder();
        using var response = await PostAsync(encoder.Encode(batch, message), message, ct);
        var answer = RemoteWriteResponse.From(response);
        var body = await response.Content.ReadAsStringAsync(ct);
        TestContext.Current.TestOutputHelper?.WriteLine(
            $"{Name} answered a {RemoteWriteProtoMessages.Name(message)} request with HTTP {answer.StatusCode}, written headers: " +
            $"{answer.SamplesWritten ?? "none"}/{answer.HistogramsWritten ?? "none"}/{answer.ExemplarsWritten ?? "none"}, body: '{body}'");
        var verdict = RemoteWriteResponseClassifier.Classify(answer, message, batch.SampleCount + batch.ExemplarCount,
            retryOnHttp429: false, DateTimeOffset.UtcNow);
        return (verdict, body);
    }

    private void Remember(string? line)
    {
        if (line is null)
        {
            return;
        }
        _log.Enqueue(line);
        while (_log.Count > 40 && _log.TryDequeue(out _))
        {
        }
    }

    private static int FreeLoopbackPort()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        return ((IPEndPoint)listener.LocalEndpoint).Port;
    }
}

/// <summary>Prometheus 2.42 as a remote-write receiver.</summary>
public sealed class PrometheusReceiver : ReceiverProcess
{
    public override string Name => "Prometheus 2.42";

    public override string WritePath => "/api/v1/write";

    protected override string Executable => "/usr/bin/prometheus";

    protected override string ReadyPath => "/-/ready";

    protected override IEnumerable<string> Arguments()
    {
        var config = Path.Combine(DataDirectory.FullName, "prometheus.yml");
        File.WriteAllText(config, "global:\n  scrape_interval: 1m\n");
        return
        [
            "--config.file=" + config,
            "--storage.tsdb.path=" + Path.Combine(DataDirectory.FullName, "tsdb"),
            $"--web.listen-address=127.0.0.1:{Port}",
            "--web.enable-remote-write-receiver",
        ];
    }
}

/// <summary>VictoriaMetrics (single node) as a remote-write receiver.</summary>
public sealed class VictoriaMetricsReceiver : ReceiverProcess
{
    public override string Name => "VictoriaMetrics";

    public override string WritePath => "/api/v1/write";

    protected override string Executable => "/usr/bin/victoria-metrics";

    protected override string ReadyPath => "/health";

    protected override IEnumerable<string> Arguments() =>
    [
        $"-httpListenAddr=127.0.0.1:{Port}",
        "-storageDataPath=" + Path.Combine(DataDirectory.FullName, "vm"),
        "-retentionPeriod=100y",
    ];
}
