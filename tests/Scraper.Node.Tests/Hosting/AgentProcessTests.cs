using System.Net;
using System.Text.Json;
using Scraper.TestSupport;

namespace Scraper.Node.Tests.Hosting;

/// <summary>The real <c>scraper</c> executable: HTTP surface, lifecycle, signals, exit codes.</summary>
public sealed class AgentProcessTests
{
    private const string Config = """
        global:
          scrape_interval: 15s
          external_labels:
            site: edge-1
        scrape_configs:
          - job_name: first
            static_configs:
              - targets: ['127.0.0.1:1']
        remote_write:
          - url: http://127.0.0.1:1/api/v1/write
            basic_auth:
              username: agent
              password: hunter2-secret
        """;

    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    [Fact]
    public async Task Agent_answersHealthReadinessAndStatus_asPrometheusAgent()
    {
        await using var agent = new ScraperAgent(Config);
        await agent.StartAsync(Ct);

        await AssertText(agent, "/-/healthy", HttpStatusCode.OK, "Prometheus Agent is Healthy.\n");
        await AssertText(agent, "/-/ready", HttpStatusCode.OK, "Prometheus Agent is Ready.\n");

        var config = await Json(agent, "/api/v1/status/config");
        var yaml = config.GetProperty("data").GetProperty("yaml").GetString()!;
        Assert.Contains("job_name: first", yaml, StringComparison.Ordinal);
        Assert.Contains("site: edge-1", yaml, StringComparison.Ordinal);
        Assert.Contains("password: <secret>", yaml, StringComparison.Ordinal);
        Assert.DoesNotContain("hunter2", yaml, StringComparison.Ordinal);

        var flags = (await Json(agent, "/api/v1/status/flags")).GetProperty("data");
        Assert.Equal(agent.ConfigPath, flags.GetProperty("config.file").GetString());
        Assert.Equal(agent.StoragePath, flags.GetProperty("storage.agent.path").GetString());

        var build = (await Json(agent, "/api/v1/status/buildinfo")).GetProperty("data");
        Assert.False(string.IsNullOrEmpty(build.GetProperty("version").GetString()));
        var runtime = (await Json(agent, "/api/v1/status/runtimeinfo")).GetProperty("data");
        Assert.True(runtime.GetProperty("reloadConfigSuccess").GetBoolean());
        Assert.True(DateTimeOffset.Parse(runtime.GetProperty("startTime").GetString()!, System.Globalization.CultureInfo.InvariantCulture) > DateTimeOffset.UtcNow.AddMinutes(-5));
    }

    [Fact]
    public async Task SendPositions_goToTheDatabaseTheFlagsName_andTheFlagsApiHidesItsConnectionString()
    {
        var directory = Directory.CreateTempSubdirectory("scraper-positions-").FullName;
        try
        {
            var database = Path.Combine(directory, "positions.db");
            await using var agent = new ScraperAgent(Config,
                ["--storage.remote.positions.provider=SQLite.MS", $"--storage.remote.positions.connection-string=Data Source={database}"]);
            await agent.StartAsync(Ct);

            // The endpoint's store creates its journal when it recovers, at start.
            Assert.True(await Poll.UntilAsync(() => Task.FromResult(File.Exists(database)), TimeSpan.FromSeconds(30), Ct),
                "the send-position database named by the flag was not created");
            Assert.False(File.Exists(Path.Combine(agent.StoragePath, "scraper.db")), "the default SQLite file was used anyway");
            var flags = (await Json(agent, "/api/v1/status/flags")).GetProperty("data");
            Assert.Equal("<secret>", flags.GetProperty("storage.remote.positions.connection-string").GetString());
            Assert.Equal("SQLite.MS", flags.GetProperty("storage.remote.positions.provider").GetString());
        }
        finally
        {
            Directory.Delete(directory, recursive: true);
        }
    }

    [Fact]
    public async Task SendPositions_byDefault_areInScraperDbInTheStoragePath()
    {
        await using var agent = new ScraperAgent(Config);
        await agent.StartAsync(Ct);
        Assert.True(await Poll.UntilAsync(() => Task.FromResult(File.Exists(Path.Combine(agent.StoragePath, "scraper.db"))), TimeSpan.FromSeconds(30), Ct),
            "no scraper.db in the storage path");
    }

    [Theory]
    [InlineData("/api/v1/query?query=up")]
    [InlineData("/api/v1/query_range?query=up&start=0&end=1&step=1")]
    [InlineData("/api/v1/series?match[]=up")]
    [InlineData("/api/v1/labels")]
    [InlineData("/api/v1/label/job/values")]
    [InlineData("/api/v1/alerts")]
    [InlineData("/api/v1/rules")]
    [InlineData("/api/v1/status/tsdb")]
    public async Task QueryApi_onAnAgent_is422Unavailable(string path)
    {
        await using var agent = new ScraperAgent(Config);
        await agent.StartAsync(Ct);

        using var response = await agent.Http.GetAsync(new Uri(path, UriKind.Relative), Ct);
        var body = JsonDocument.Parse(await response.Content.ReadAsStringAsync(Ct)).RootElement;

        Assert.Equal((HttpStatusCode)422, response.StatusCode);
        Assert.Equal("error", body.GetProperty("status").GetString());
        Assert.Equal("execution", body.GetProperty("errorType").GetString());
        Assert.Equal("unavailable with Prometheus Agent", body.GetProperty("error").GetString());
    }

    [Fact]
    public async Task Lifecycle_disabled_refusesReloadAndQuit()
    {
        await using var agent = new ScraperAgent(Config);
        await agent.StartAsync(Ct);

        await AssertText(agent, "/-/reload", HttpStatusCode.Forbidden, "Lifecycle API is not enabled.", HttpMethod.Post);
        await AssertText(agent, "/-/quit", HttpStatusCode.Forbidden, "Lifecycle API is not enabled.", HttpMethod.Put);
        await AssertText(agent, "/-/reload", HttpStatusCode.MethodNotAllowed, "Only POST or PUT requests allowed");
        Assert.False(agent.HasExited);
    }

    [Fact]
    public async Task Reload_goodThenBrokenConfig_appliesThenKeepsTheLastGood()
    {
        await using var agent = new ScraperAgent(Config, ["--web.enable-lifecycle"]);
        await agent.StartAsync(Ct);

        agent.WriteConfig(Config.Replace("job_name: first", "job_name: second", StringComparison.Ordinal));
        using (var ok = await agent.Http.PostAsync(new Uri("/-/reload", UriKind.Relative), null, Ct))
        {
            Assert.Equal(HttpStatusCode.OK, ok.StatusCode);
        }
        Assert.Contains("job_name: second", await ConfigYaml(agent), StringComparison.Ordinal);
        Assert.Contains("prometheus_config_last_reload_successful 1", await Metrics(agent), StringComparison.Ordinal);

        agent.WriteConfig("scrape_configs:\n  - job_name: x\n    scrape_interval: soon\n");
        using (var failed = await agent.Http.PostAsync(new Uri("/-/reload", UriKind.Relative), null, Ct))
        {
            var text = await failed.Content.ReadAsStringAsync(Ct);
            Assert.Equal(HttpStatusCode.InternalServerError, failed.StatusCode);
            Assert.Contains("prometheus.yml:3:", text, StringComparison.Ordinal);
            Assert.Contains("soon", text, StringComparison.Ordinal);
        }
        Assert.Contains("job_name: second", await ConfigYaml(agent), StringComparison.Ordinal);
        Assert.Contains("prometheus_config_last_reload_successful 0", await Metrics(agent), StringComparison.Ordinal);
        Assert.False((await Json(agent, "/api/v1/status/runtimeinfo")).GetProperty("data").GetProperty("reloadConfigSuccess").GetBoolean());
    }

    [Fact]
    public async Task Sighup_reloadsTheConfig()
    {
        await using var agent = new ScraperAgent(Config);
        await agent.StartAsync(Ct);

        agent.WriteConfig(Config.Replace("job_name: first", "job_name: after-hup", StringComparison.Ordinal));
        Signals.Send(agent.Pid, 1);

        await Eventually(async () => (await ConfigYaml(agent)).Contains("job_name: after-hup", StringComparison.Ordinal));
        Assert.False(agent.HasExited);
    }

    [Theory]
    [InlineData(Signals.Terminate)]
    [InlineData(Signals.Interrupt)]
    public async Task Signal_stopsCleanly_exitCodeZero(int signal)
    {
        await using var agent = new ScraperAgent(Config);
        await agent.StartAsync(Ct);

        Assert.Equal(0, await agent.StopAsync(signal));
        Assert.Contains("See you next time!", agent.Output, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Quit_withLifecycle_stopsTheAgent()
    {
        await using var agent = new ScraperAgent(Config, ["--web.enable-lifecycle"]);
        await agent.StartAsync(Ct);

        using (var response = await agent.Http.PostAsync(new Uri("/-/quit", UriKind.Relative), null, Ct))
        {
            Assert.Equal(HttpStatusCode.OK, response.StatusCode);
            Assert.Equal("Requesting termination... Goodbye!", await response.Content.ReadAsStringAsync(Ct));
        }
        await Eventually(() => Task.FromResult(agent.HasExited));
        Assert.Equal(0, agent.ExitCode);
    }

    [Fact]
    public async Task Metrics_exposeTheNodesOwnSeries()
    {
        await using var agent = new ScraperAgent(Config);
        await agent.StartAsync(Ct);
        await AssertText(agent, "/-/healthy", HttpStatusCode.OK, "Prometheus Agent is Healthy.\n");

        var text = await Metrics(agent);

        Assert.Contains("prometheus_ready 1", text, StringComparison.Ordinal);
        Assert.Contains("prometheus_build_info{", text, StringComparison.Ordinal);
        Assert.Contains("prometheus_config_last_reload_success_timestamp_seconds ", text, StringComparison.Ordinal);
        Assert.Contains("prometheus_http_requests_total{code=\"200\",handler=\"/-/healthy\"} 1", text, StringComparison.Ordinal);
        Assert.Contains("process_cpu_seconds_total ", text, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("logfmt")]
    [InlineData("json")]
    public async Task Logs_useTheChosenFormat(string format)
    {
        await using var agent = new ScraperAgent(Config, ["--log.format=" + format]);
        await agent.StartAsync(Ct);
        await agent.StopAsync();

        var lines = agent.Output.Split('\n', StringSplitOptions.RemoveEmptyEntries);
        Assert.NotEmpty(lines);
        foreach (var line in lines)
        {
            if (format == "logfmt")
            {
                Assert.Matches("^ts=\\S+ level=(debug|info|warn|error) component=(\"[^\"]*\"|\\S+) msg=", line);
            }
            else
            {
                Assert.True(JsonDocument.Parse(line).RootElement.TryGetProperty("LogLevel", out _), line);
            }
        }
    }

    [Fact]
    public async Task BadConfig_exitsOne_namingFileAndLine()
    {
        var dir = Directory.CreateTempSubdirectory("scraper-badcfg-");
        try
        {
            var path = Path.Combine(dir.FullName, "prometheus.yml");
            await File.WriteAllTextAsync(path, "scrape_configs:\n  - job_name: a\n    scrape_timeout: 2m\n    scrape_interval: 1m\n", Ct);
            var result = await ProcessRunner.RunAsync(DotnetHost.Path,
                [Path.Combine(AppContext.BaseDirectory, "scraper.dll"), "--config.file=" + path, "--storage.agent.path=" + Path.Combine(dir.FullName, "data"),
                 $"--web.listen-address=127.0.0.1:{LoopbackPort.Free()}"],
                TimeSpan.FromSeconds(60), Ct);

            Assert.Equal(1, result.ExitCode);
            Assert.Contains("Error loading config", result.Stderr, StringComparison.Ordinal);
            Assert.Contains(path + ":3:", result.Stderr, StringComparison.Ordinal);
            Assert.Contains("scrape timeout greater than scrape interval", result.Stderr, StringComparison.Ordinal);
        }
        finally
        {
            dir.Delete(recursive: true);
        }
    }

    [Fact]
    public async Task SecondAgent_onTheSameStorage_exitsOne_untilTheFirstIsGone()
    {
        await using var first = new ScraperAgent(Config);
        await first.StartAsync(Ct);
        string[] args = [Path.Combine(AppContext.BaseDirectory, "scraper.dll"), "--config.file=" + first.ConfigPath,
            "--storage.agent.path=" + first.StoragePath, $"--web.listen-address=127.0.0.1:{LoopbackPort.Free()}"];

        var second = await ProcessRunner.RunAsync(DotnetHost.Path, args, TimeSpan.FromSeconds(60), Ct);

        Assert.Equal(1, second.ExitCode);
        Assert.Contains("lock DB directory", second.Stderr, StringComparison.Ordinal);

        // A killed agent leaves no stale lock: the kernel drops it with the process.
        await first.KillAsync();
        await using var third = new ScraperAgent(Config, directory: first.Directory);
        await third.StartAsync(Ct);
        Assert.False(third.HasExited);
    }

    [Fact]
    public async Task BadFlag_exitsTwo_namingTheFlag()
    {
        var result = await ProcessRunner.RunAsync(DotnetHost.Path,
            [Path.Combine(AppContext.BaseDirectory, "scraper.dll"), "--storage.agent.wal-fsync=sometimes"], TimeSpan.FromSeconds(60), Ct);

        Assert.Equal(2, result.ExitCode);
        Assert.Contains("--storage.agent.wal-fsync", result.Stderr, StringComparison.Ordinal);
    }

    private static async Task AssertText(PeerProcess agent, string path, HttpStatusCode status, string body, HttpMethod? method = null)
    {
        using var request = new HttpRequestMessage(method ?? HttpMethod.Get, new Uri(path, UriKind.Relative));
        using var response = await agent.Http.SendAsync(request, Ct);
        Assert.Equal(status, response.StatusCode);
        Assert.Equal(body, await response.Content.ReadAsStringAsync(Ct));
    }

    private static async Task<JsonElement> Json(PeerProcess agent, string path)
    {
        var text = await agent.Http.GetStringAsync(new Uri(path, UriKind.Relative), Ct);
        var root = JsonDocument.Parse(text).RootElement;
        Assert.Equal("success", root.GetProperty("status").GetString());
        return root;
    }

    private static async Task<string> ConfigYaml(PeerProcess agent) =>
        (await Json(agent, "/api/v1/status/config")).GetProperty("data").GetProperty("yaml").GetString()!;

    private static Task<string> Metrics(PeerProcess agent) => agent.Http.GetStringAsync(new Uri("/metrics", UriKind.Relative), Ct);

    private static async Task Eventually(Func<Task<bool>> condition)
    {
        var deadline = DateTime.UtcNow + TimeSpan.FromSeconds(30);
        while (!await condition())
        {
            Assert.True(DateTime.UtcNow < deadline, "condition not met within 30 s");
            await Task.Delay(50, Ct);
        }
    }
}
