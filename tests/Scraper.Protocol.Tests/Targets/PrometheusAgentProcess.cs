using System.Diagnostics;
using System.Net;
using System.Net.Sockets;
using System.Text;

namespace Scraper.Protocol.Tests.Targets;

/// <summary>
/// A real Prometheus in agent mode on a free loopback port with its own temp directory, for comparing
/// behaviour with the reference. Stopped by its own process handle and cleaned up on dispose.
/// </summary>
internal sealed class PrometheusAgentProcess : IAsyncDisposable
{
    private readonly Process _process;
    private readonly DirectoryInfo _dir;
    private readonly StringBuilder _log = new();
    private readonly Lock _logLock = new();

    private PrometheusAgentProcess(Process process, DirectoryInfo dir, int port)
    {
        _process = process;
        _dir = dir;
        Port = port;
    }

    public int Port { get; }

    public string Log
    {
        get
        {
            lock (_logLock)
            {
                return _log.ToString();
            }
        }
    }

    /// <summary>The prometheus binary on PATH, or null.</summary>
    public static string? FindBinary()
    {
        foreach (var dir in (Environment.GetEnvironmentVariable("PATH") ?? "").Split(Path.PathSeparator, StringSplitOptions.RemoveEmptyEntries))
        {
            var candidate = Path.Combine(dir, "prometheus");
            if (File.Exists(candidate))
            {
                return candidate;
            }
        }
        return null;
    }

    public static PrometheusAgentProcess Start(string binary, string config)
    {
        var dir = Directory.CreateTempSubdirectory("scraper-prom-");
        var configPath = Path.Combine(dir.FullName, "prometheus.yml");
        File.WriteAllText(configPath, config);
        var port = FreePort();
        var psi = new ProcessStartInfo(binary)
        {
            RedirectStandardError = true,
            RedirectStandardOutput = true,
            UseShellExecute = false,
        };
        psi.ArgumentList.Add("--enable-feature=agent");
        psi.ArgumentList.Add("--config.file=" + configPath);
        psi.ArgumentList.Add("--storage.agent.path=" + Path.Combine(dir.FullName, "data"));
        psi.ArgumentList.Add("--web.listen-address=127.0.0.1:" + port);
        var process = new Process { StartInfo = psi };
        var agent = new PrometheusAgentProcess(process, dir, port);
        process.ErrorDataReceived += (_, e) => agent.Append(e.Data);
        process.OutputDataReceived += (_, e) => agent.Append(e.Data);
        process.Start();
        process.BeginErrorReadLine();
        process.BeginOutputReadLine();
        return agent;
    }

    public bool HasExited => _process.HasExited;

    private void Append(string? line)
    {
        if (line is null)
        {
            return;
        }
        lock (_logLock)
        {
            _log.AppendLine(line);
        }
    }

    private static int FreePort()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        return ((IPEndPoint)listener.LocalEndpoint).Port;
    }

    public async ValueTask DisposeAsync()
    {
        try
        {
            if (!_process.HasExited)
            {
                _process.Kill();
                await _process.WaitForExitAsync().ConfigureAwait(false);
            }
        }
        finally
        {
            _process.Dispose();
            _dir.Delete(recursive: true);
        }
    }
}
