namespace Scraper.TestSupport;

/// <summary>
/// Our own agent, the real <c>scraper</c> executable (its <c>scraper.dll</c> next to the test assembly, run by the
/// <c>dotnet</c> host), started like a peer: <c>prometheus.yml</c> and <c>data/</c> in its directory, HTTP on a
/// free loopback port. Extra flags go after the standard ones.
/// </summary>
public sealed class ScraperAgent(string config, IEnumerable<string>? extraFlags = null, string? directory = null, int? port = null)
    : PeerProcess(directory, port)
{
    private readonly string[] _extraFlags = extraFlags?.ToArray() ?? [];

    /// <summary>The config file the agent reads.</summary>
    public string ConfigPath => Path.Combine(Directory, "prometheus.yml");

    /// <summary><c>--storage.agent.path</c>.</summary>
    public string StoragePath => Path.Combine(Directory, "data");

    /// <summary>The WAL directory.</summary>
    public string WalPath => Path.Combine(StoragePath, "wal");

    /// <inheritdoc/>
    public override string Name => "scraper";

    /// <inheritdoc/>
    protected override string Executable => DotnetHost.Path;

    /// <inheritdoc/>
    protected override string ReadyPath => "/-/ready";

    /// <summary>Replaces the config file (for reload tests).</summary>
    public void WriteConfig(string yaml) => File.WriteAllText(ConfigPath, yaml);

    /// <inheritdoc/>
    protected override IEnumerable<string> Arguments()
    {
        if (!File.Exists(ConfigPath))
        {
            WriteConfig(config);
        }
        return
        [
            System.IO.Path.Combine(AppContext.BaseDirectory, "scraper.dll"),
            "--config.file=" + ConfigPath,
            "--storage.agent.path=" + StoragePath,
            $"--web.listen-address=127.0.0.1:{Port}",
            .. _extraFlags,
        ];
    }
}

/// <summary>The <c>dotnet</c> host that runs the tests, to start framework-dependent executables with.</summary>
public static class DotnetHost
{
    /// <summary>Full path of the host: DOTNET_HOST_PATH (set by the SDK), else the first <c>dotnet</c> on PATH.</summary>
    public static string Path { get; } = Find();

    private static string Find()
    {
        if (Environment.GetEnvironmentVariable("DOTNET_HOST_PATH") is { Length: > 0 } host && File.Exists(host))
        {
            return host;
        }
        foreach (var dir in (Environment.GetEnvironmentVariable("PATH") ?? string.Empty).Split(System.IO.Path.PathSeparator))
        {
            var candidate = System.IO.Path.Combine(dir, "dotnet");
            if (File.Exists(candidate))
            {
                return candidate;
            }
        }
        return "/usr/bin/dotnet";
    }
}
