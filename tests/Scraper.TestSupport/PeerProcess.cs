using System.Collections.Concurrent;
using System.Diagnostics;
using System.Globalization;

namespace Scraper.TestSupport;

/// <summary>
/// A real program started by a test on a free loopback port with its own temp directory: started and awaited in
/// <see cref="StartAsync"/>, stopped by its own handle (never by name) and its directory removed in
/// <see cref="DisposeAsync"/>. Subclasses say which binary, which arguments and which URL answers when it is ready.
/// </summary>
public abstract class PeerProcess : IAsyncDisposable
{
    private static readonly TimeSpan DefaultStartupDeadline = TimeSpan.FromSeconds(60);

    private readonly ConcurrentQueue<string> _log = new();
    private readonly bool _ownsDirectory;
    private Process? _process;

    /// <summary>A peer in a new temp directory, or in <paramref name="directory"/> (kept on dispose) when given.</summary>
    protected PeerProcess(string? directory = null, int? port = null)
    {
        _ownsDirectory = directory is null;
        Directory = directory ?? System.IO.Directory.CreateTempSubdirectory("scraper-peer-").FullName;
        System.IO.Directory.CreateDirectory(Directory);
        Port = port ?? LoopbackPort.Free();
        Http = new HttpClient { BaseAddress = new Uri($"http://127.0.0.1:{Port}"), Timeout = TimeSpan.FromSeconds(30) };
    }

    /// <summary>The peer's working and data directory.</summary>
    public string Directory { get; }

    /// <summary>Its HTTP port on 127.0.0.1.</summary>
    public int Port { get; }

    /// <summary>Base URL, <c>http://127.0.0.1:PORT</c>.</summary>
    public string BaseUrl => $"http://127.0.0.1:{Port}";

    /// <summary>A client pointed at the peer.</summary>
    public HttpClient Http { get; }

    /// <summary>The process id while it runs.</summary>
    public int Pid => _process?.Id ?? throw new InvalidOperationException("not started");

    /// <summary>True once the process has exited.</summary>
    public bool HasExited => _process?.HasExited ?? true;

    /// <summary>Exit code after exit.</summary>
    public int ExitCode => _process?.ExitCode ?? throw new InvalidOperationException("not started");

    /// <summary>Short name for messages.</summary>
    public abstract string Name { get; }

    /// <summary>The program to run.</summary>
    protected abstract string Executable { get; }

    /// <summary>Path that answers 2xx once the peer serves.</summary>
    protected abstract string ReadyPath { get; }

    /// <summary>How long a start may take.</summary>
    protected virtual TimeSpan StartupDeadline => DefaultStartupDeadline;

    /// <summary>The command line, after the executable.</summary>
    protected abstract IEnumerable<string> Arguments();

    /// <summary>Environment additions for the process.</summary>
    protected virtual IEnumerable<KeyValuePair<string, string>> Environment() => [];

    /// <summary>Everything the process printed so far (last 2,000 lines), for assertions and failure messages.</summary>
    public string Output => string.Join('\n', _log);

    /// <summary>Starts the process and waits until <see cref="ReadyPath"/> answers 2xx.</summary>
    public async Task StartAsync(CancellationToken cancellationToken = default)
    {
        if (!File.Exists(Executable))
        {
            throw new InvalidOperationException(
                $"{Executable} is not installed; tests need it (apt-get install -y prometheus victoria-metrics prometheus-node-exporter)");
        }
        var psi = new ProcessStartInfo(Executable)
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
            WorkingDirectory = Directory,
        };
        foreach (var a in Arguments())
        {
            psi.ArgumentList.Add(a);
        }
        foreach (var (k, v) in Environment())
        {
            psi.Environment[k] = v;
        }
        // A restart (after StopAsync) replaces the exited process.
        _process?.Dispose();
        _process = Process.Start(psi) ?? throw new InvalidOperationException($"could not start {Executable}");
        _process.OutputDataReceived += (_, e) => Remember(e.Data);
        _process.ErrorDataReceived += (_, e) => Remember(e.Data);
        _process.BeginOutputReadLine();
        _process.BeginErrorReadLine();
        await WaitReadyAsync(cancellationToken).ConfigureAwait(false);
    }

    /// <summary>Polls <see cref="ReadyPath"/> until it answers 2xx; fails when the process exits or the deadline passes.</summary>
    public async Task WaitReadyAsync(CancellationToken cancellationToken = default)
    {
        var deadline = DateTime.UtcNow + StartupDeadline;
        while (true)
        {
            if (_process is null || _process.HasExited)
            {
                throw new InvalidOperationException($"{Name} exited with {_process?.ExitCode} during startup:\n{Output}");
            }
            try
            {
                using var response = await Http.GetAsync(new Uri(ReadyPath, UriKind.Relative), cancellationToken).ConfigureAwait(false);
                if (response.IsSuccessStatusCode)
                {
                    return;
                }
            }
            catch (HttpRequestException)
            {
                // Not listening yet.
            }
            catch (TaskCanceledException) when (!cancellationToken.IsCancellationRequested)
            {
                // A request timed out while it starts.
            }
            if (DateTime.UtcNow > deadline)
            {
                throw new TimeoutException($"{Name} was not ready on port {Port} within {StartupDeadline}:\n{Output}");
            }
            await Task.Delay(50, cancellationToken).ConfigureAwait(false);
        }
    }

    /// <summary>
    /// Reads the peer's <c>/metrics</c> and sums every sample of <paramref name="name"/>, whatever its labels
    /// (<c>vm_rows_inserted_total{type="promremotewrite"}</c> and its siblings, or a single unlabelled gauge).
    /// Null when the peer exposes no such sample (yet); an HTTP failure throws.
    /// </summary>
    public async Task<double?> MetricSumAsync(string name, CancellationToken cancellationToken = default)
    {
        ArgumentException.ThrowIfNullOrEmpty(name);
        var text = await Http.GetStringAsync(new Uri("/metrics", UriKind.Relative), cancellationToken).ConfigureAwait(false);
        double? sum = null;
        foreach (var line in text.Split('\n'))
        {
            if (!line.StartsWith(name, StringComparison.Ordinal) || line.Length == name.Length || line[name.Length] is not (' ' or '{'))
            {
                continue;
            }
            // NAME{labels} VALUE [TIMESTAMP]: the value is the first field after the labels.
            var rest = line[name.Length] == '{' ? line[(line.LastIndexOf('}') + 1)..] : line[name.Length..];
            var value = rest.Split(' ', StringSplitOptions.RemoveEmptyEntries)[0];
            sum = (sum ?? 0) + double.Parse(value, NumberStyles.Float, CultureInfo.InvariantCulture);
        }
        return sum;
    }

    /// <summary>Sends SIGTERM (or <paramref name="signal"/>) and waits for the exit; returns the exit code.</summary>
    public async Task<int> StopAsync(int signal = Signals.Terminate, TimeSpan? timeout = null)
    {
        if (_process is not { } p || p.HasExited)
        {
            return _process?.ExitCode ?? 0;
        }
        Signals.Send(p.Id, signal);
        await p.WaitForExitAsync().WaitAsync(timeout ?? TimeSpan.FromSeconds(60)).ConfigureAwait(false);
        return p.ExitCode;
    }

    /// <summary>SIGKILL, as a crash: no cleanup runs in the peer.</summary>
    public Task<int> KillAsync() => StopAsync(Signals.Kill);

    /// <summary>Kills the process if it still runs and removes the directory if this peer made it.</summary>
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
                    await p.WaitForExitAsync().WaitAsync(TimeSpan.FromSeconds(30)).ConfigureAwait(false);
                }
            }
            finally
            {
                p.Dispose();
            }
        }
        if (_ownsDirectory)
        {
            try
            {
                System.IO.Directory.Delete(Directory, recursive: true);
            }
            catch (IOException)
            {
                // A file still open would only leak a temp dir; never fail a run for it.
            }
        }
        GC.SuppressFinalize(this);
    }

    private void Remember(string? line)
    {
        if (line is null)
        {
            return;
        }
        _log.Enqueue(line);
        while (_log.Count > 2000 && _log.TryDequeue(out _))
        {
        }
    }
}
