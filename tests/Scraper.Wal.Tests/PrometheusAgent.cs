using System.Diagnostics;
using System.Globalization;
using System.Net;
using System.Net.Sockets;

namespace Scraper.Wal.Tests;

/// <summary>
/// A real <c>prometheus --enable-feature=agent</c> (Debian's /usr/bin/prometheus) on a free loopback port with its
/// own config and storage directory. Stopped with SIGTERM by PID; killed on dispose if still running.
/// </summary>
internal sealed class PrometheusAgent : IDisposable
{
    public const string Binary = "/usr/bin/prometheus";

    private readonly Process _process;
    private readonly List<string> _log = [];

    public PrometheusAgent(string workDirectory, string config)
    {
        var configPath = Path.Combine(workDirectory, "prometheus.yml");
        File.WriteAllText(configPath, config);
        StoragePath = Path.Combine(workDirectory, "data");
        Port = FreePort();
        var start = new ProcessStartInfo(Binary)
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
            WorkingDirectory = workDirectory,
        };
        foreach (var arg in new[]
                 {
                     "--enable-feature=agent",
                     $"--config.file={configPath}",
                     $"--storage.agent.path={StoragePath}",
                     $"--web.listen-address=127.0.0.1:{Port}",
                 })
        {
            start.ArgumentList.Add(arg);
        }
        _process = new Process { StartInfo = start };
        _process.OutputDataReceived += (_, e) => Add(e.Data);
        _process.ErrorDataReceived += (_, e) => Add(e.Data);
        _process.Start();
        _process.BeginOutputReadLine();
        _process.BeginErrorReadLine();
    }

    public string StoragePath { get; }

    public string WalPath => Path.Combine(StoragePath, "wal");

    public int Port { get; }

    public IReadOnlyList<string> Log
    {
        get
        {
            lock (_log)
            {
                return [.. _log];
            }
        }
    }

    public bool HasExited => _process.HasExited;

    private void Add(string? line)
    {
        if (line is null)
        {
            return;
        }
        lock (_log)
        {
            _log.Add(line);
        }
    }

    public async Task<string> MetricsAsync(CancellationToken ct)
    {
        using var http = new HttpClient { Timeout = TimeSpan.FromSeconds(5) };
        return await http.GetStringAsync(new Uri($"http://127.0.0.1:{Port}/metrics"), ct);
    }

    /// <summary>The value of an unlabelled metric in /metrics, or null while it is not there (or the server is not up).</summary>
    public async Task<double?> MetricAsync(string name, CancellationToken ct)
    {
        try
        {
            foreach (var line in (await MetricsAsync(ct)).Split('\n'))
            {
                if (line.StartsWith(name + " ", StringComparison.Ordinal))
                {
                    return double.Parse(line[(name.Length + 1)..], CultureInfo.InvariantCulture);
                }
            }
        }
        catch (HttpRequestException)
        {
        }
        catch (TaskCanceledException) when (!ct.IsCancellationRequested)
        {
        }
        return null;
    }

    /// <summary>SIGTERM by PID, then wait (bounded) for a graceful exit.</summary>
    public async Task StopAsync(CancellationToken ct)
    {
        if (_process.HasExited)
        {
            return;
        }
        using (var kill = Process.Start("kill", ["-TERM", _process.Id.ToString(CultureInfo.InvariantCulture)]))
        {
            await kill.WaitForExitAsync(ct);
        }
        using var deadline = CancellationTokenSource.CreateLinkedTokenSource(ct);
        deadline.CancelAfter(TimeSpan.FromSeconds(30));
        await _process.WaitForExitAsync(deadline.Token);
    }

    public void Dispose()
    {
        if (!_process.HasExited)
        {
            _process.Kill();
            _process.WaitForExit();
        }
        _process.Dispose();
    }

    private static int FreePort()
    {
        var l = new TcpListener(IPAddress.Loopback, 0);
        l.Start();
        var port = ((IPEndPoint)l.LocalEndpoint).Port;
        l.Stop();
        return port;
    }

    /// <summary>Polls <paramref name="condition"/> until it holds or the deadline passes.</summary>
    public static async Task<bool> Eventually(Func<Task<bool>> condition, TimeSpan timeout, CancellationToken ct)
    {
        var watch = Stopwatch.StartNew();
        while (watch.Elapsed < timeout)
        {
            if (await condition())
            {
                return true;
            }
            await Task.Delay(200, ct);
        }
        return await condition();
    }
}
