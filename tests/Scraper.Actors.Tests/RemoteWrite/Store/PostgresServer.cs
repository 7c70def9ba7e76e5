using System.Diagnostics;
using Npgsql;
using Scraper.TestSupport;

namespace Scraper.Actors.Tests.RemoteWrite.Store;

/// <summary>
/// A throwaway PostgreSQL server from the machine's Debian package: a new cluster in a temp directory, listening on
/// a free 127.0.0.1 port, fsync off. Stopped by its own process handle and its directory removed on dispose. As
/// root (CI), initdb and postgres run as the package's <c>postgres</c> user, since PostgreSQL refuses root.
/// </summary>
internal sealed class PostgresServer : IAsyncDisposable
{
    private readonly string _directory;
    private readonly Process _process;

    private PostgresServer(string directory, int port, Process process)
    {
        _directory = directory;
        Port = port;
        _process = process;
    }

    public int Port { get; }

    public string ConnectionString => $"Host=127.0.0.1;Port={Port};Username=postgres;Database=postgres;Pooling=false";

    /// <summary>The bin directory of the installed PostgreSQL, or null when there is none.</summary>
    public static string? FindBinaries() =>
        Directory.Exists("/usr/lib/postgresql")
            ? Directory.GetDirectories("/usr/lib/postgresql").Select(d => Path.Combine(d, "bin")).Where(d => File.Exists(Path.Combine(d, "initdb"))).Order().LastOrDefault()
            : null;

    public static async Task<PostgresServer> StartAsync(string bin, CancellationToken cancellationToken)
    {
        var directory = Directory.CreateTempSubdirectory("scraper-pg-").FullName;
        var data = Path.Combine(directory, "data");
        var asRoot = Environment.UserName == "root";
        if (asRoot)
        {
            await RunAsync("chown", ["postgres:postgres", directory], cancellationToken);
        }
        await RunAsync(Path.Combine(bin, "initdb"), ["-D", data, "-U", "postgres", "--auth=trust", "--no-sync"], cancellationToken, asRoot);
        var port = LoopbackPort.Free();
        var process = Start(
            Path.Combine(bin, "postgres"),
            ["-D", data, "-p", port.ToString(System.Globalization.CultureInfo.InvariantCulture), "-h", "127.0.0.1", "-k", directory, "-c", "fsync=off"],
            asRoot);
        var server = new PostgresServer(directory, port, process);
        var deadline = DateTime.UtcNow + TimeSpan.FromSeconds(30);
        while (true)
        {
            try
            {
                await using var connection = new NpgsqlConnection(server.ConnectionString);
                await connection.OpenAsync(cancellationToken);
                return server;
            }
            catch (NpgsqlException) when (DateTime.UtcNow < deadline && !process.HasExited)
            {
                await Task.Delay(100, cancellationToken);
            }
        }
    }

    public async ValueTask DisposeAsync()
    {
        if (!_process.HasExited)
        {
            _process.Kill(entireProcessTree: true);
            await _process.WaitForExitAsync();
        }
        _process.Dispose();
        try
        {
            Directory.Delete(_directory, recursive: true);
        }
        catch (IOException)
        {
            // A leftover temp directory is only litter.
        }
    }

    private static Process Start(string file, string[] args, bool asPostgres, System.Text.StringBuilder? output = null)
    {
        var info = asPostgres ? new ProcessStartInfo("runuser", ["-u", "postgres", "--", file, .. args]) : new ProcessStartInfo(file, args);
        info.RedirectStandardOutput = true;
        info.RedirectStandardError = true;
        var process = Process.Start(info)!;
        process.OutputDataReceived += (_, e) => Append(output, e.Data);
        process.ErrorDataReceived += (_, e) => Append(output, e.Data);
        process.BeginOutputReadLine();
        process.BeginErrorReadLine();
        return process;
    }

    private static async Task RunAsync(string file, string[] args, CancellationToken cancellationToken, bool asPostgres = false)
    {
        var output = new System.Text.StringBuilder();
        using var process = Start(file, args, asPostgres, output);
        await process.WaitForExitAsync(cancellationToken);
        if (process.ExitCode != 0)
        {
            string text;
            lock (output)
            {
                text = output.ToString();
            }
            throw new InvalidOperationException($"{file} {string.Join(' ', args)} exited with {process.ExitCode}: {text}");
        }
    }

    private static void Append(System.Text.StringBuilder? output, string? line)
    {
        if (output is null || line is null)
        {
            return;
        }
        lock (output)
        {
            output.AppendLine(line);
        }
    }
}
