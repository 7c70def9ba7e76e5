using Scraper.Node.Commands;
using Scraper.Node.Tests.Configuration;

namespace Scraper.Node.Tests.Commands;

public sealed class CheckConfigCommandTests : IDisposable
{
    private readonly DirectoryInfo _dir = Directory.CreateTempSubdirectory("scraper-check-");

    public void Dispose() => _dir.Delete(recursive: true);

    private string Write(string name, string content)
    {
        var path = Path.Combine(_dir.FullName, name);
        File.WriteAllText(path, content);
        return path;
    }

    private static (int Code, string Out, string Err) Run(params string[] args)
    {
        using var stdout = new StringWriter();
        using var stderr = new StringWriter();
        var code = CommandLine.Run(args, stdout, stderr);
        return (code, stdout.ToString().ReplaceLineEndings("\n"), stderr.ToString().ReplaceLineEndings("\n"));
    }

    [Fact]
    public void CheckConfig_validFile_printsSuccessAndExitsZero()
    {
        var file = Write("ok.yml", "scrape_configs:\n  - job_name: a\n    static_configs:\n      - targets: ['127.0.0.1:9100']\n");

        var (code, stdout, stderr) = Run("check", "config", file);

        Assert.Equal(0, code);
        Assert.Equal($"Checking {file}\n SUCCESS: {file} is valid prometheus config file syntax\n\n", stdout);
        Assert.Equal(string.Empty, stderr);
    }

    [Fact]
    public void CheckConfig_invalidFile_printsEveryErrorWithPositionAndExitsOne()
    {
        var file = Write("bad.yml", """
            scrape_configs:
              - job_name: x
                scrape_interval: 5s
                scrape_timeout: 10s
              - job_name: x
                foo: bar
            """);

        var (code, stdout, stderr) = Run("check", "config", file);

        Assert.Equal(1, code);
        Assert.Equal($"Checking {file}\n\n", stdout);
        Assert.Equal(
            "  FAILED:\n"
            + $"{file}:4:21: scrape timeout greater than scrape interval for scrape config with job name \"x\"\n"
            + $"{file}:5:15: found multiple scrape configs with job name \"x\" (first at line 2)\n"
            + $"{file}:6:5: unknown key \"foo\" in scrape_configs[1]\n",
            stderr);
    }

    [Fact]
    public void CheckConfig_severalFiles_checksAllAndFailsIfOneFails()
    {
        var good = Write("good.yml", "global:\n  scrape_interval: 15s\n");
        var bad = Write("bad.yml", "global:\n  scrape_interval: 15\n");

        var (code, stdout, stderr) = Run("check", "config", bad, good);

        Assert.Equal(1, code);
        Assert.Equal($"Checking {bad}\n\nChecking {good}\n SUCCESS: {good} is valid prometheus config file syntax\n\n", stdout);
        Assert.Contains($"{bad}:2:20: global.scrape_interval: not a valid duration string: \"15\"", stderr, StringComparison.Ordinal);
    }

    [Fact]
    public void CheckConfig_warnings_arePrintedBeforeSuccess()
    {
        var file = Write("warn.yml", "scrape_configs:\n  - job_name: j\n    file_sd_configs:\n      - files: ['nothing/*.json']\n");

        var (code, stdout, _) = Run("check", "config", file);

        Assert.Equal(0, code);
        Assert.Contains(
            $"  WARNING: {file}:4:17: file \"nothing/*.json\" for file_sd in scrape job \"j\" does not exist\n SUCCESS:",
            stdout, StringComparison.Ordinal);
    }

    [Fact]
    public void CheckConfig_missingFile_failsWithoutPosition()
    {
        var file = Path.Combine(_dir.FullName, "absent.yml");

        var (code, _, stderr) = Run("check", "config", file);

        Assert.Equal(1, code);
        Assert.Contains($"{file}: cannot read configuration file:", stderr, StringComparison.Ordinal);
    }

    [Fact]
    public void CheckConfig_syntaxOnly_skipsReferencedFileChecks()
    {
        var file = Write("secret.yml", "scrape_configs:\n  - job_name: a\n    bearer_token_file: absent-token\n");

        Assert.Equal(1, Run("check", "config", file).Code);
        Assert.Equal(0, Run("check", "config", "--syntax-only", file).Code);
        Assert.Equal(0, Run("check", "config", file, "--syntax-only=true").Code);
        Assert.Equal(1, Run("check", "config", "--syntax-only=false", file).Code);
    }

    [Fact]
    public void CheckConfig_agentFlag_isAcceptedForPromtoolCompatibility()
    {
        var file = Write("a.yml", "rule_files: [x.yml]\n");

        var (code, _, stderr) = Run("check", "config", "--agent", file);

        Assert.Equal(1, code);
        Assert.Contains("field rule_files is not allowed in agent mode", stderr, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData(new string[0], "a command is required")]
    [InlineData(new[] { "frobnicate" }, "unknown command 'frobnicate'")]
    [InlineData(new[] { "--config.file=prometheus.yml" }, "unknown flag '--config.file=prometheus.yml'")]
    [InlineData(new[] { "check" }, "'check' needs a subcommand")]
    [InlineData(new[] { "check", "rules" }, "unknown check command 'rules'")]
    [InlineData(new[] { "check", "config" }, "required argument 'config-files' not provided")]
    [InlineData(new[] { "check", "config", "--lint=all", "a.yml" }, "unknown long flag '--lint'")]
    [InlineData(new[] { "check", "config", "-x", "a.yml" }, "unknown short flag '-x'")]
    [InlineData(new[] { "check", "config", "--syntax-only=maybe", "a.yml" }, "flag '--syntax-only' takes true or false")]
    public void Run_usageMistake_printsUsageToStderrAndExitsTwo(string[] args, string message)
    {
        var (code, stdout, stderr) = Run(args);

        Assert.Equal(2, code);
        Assert.Equal(string.Empty, stdout);
        Assert.Contains($"scraper: error: {message}", stderr, StringComparison.Ordinal);
        Assert.Contains("usage: scraper <command>", stderr, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("--help")]
    [InlineData("-h")]
    [InlineData("help")]
    public void Run_help_printsUsageToStdoutAndExitsZero(string flag)
    {
        var (code, stdout, stderr) = Run(flag);

        Assert.Equal(0, code);
        Assert.Contains("check config", stdout, StringComparison.Ordinal);
        Assert.Equal(string.Empty, stderr);
    }

    [Fact]
    public void CheckConfig_help_printsFlags()
    {
        var (code, stdout, _) = Run("check", "config", "--help");

        Assert.Equal(0, code);
        Assert.Contains("--syntax-only", stdout, StringComparison.Ordinal);
    }

    [Fact]
    public void Run_version_printsVersion()
    {
        var (code, stdout, _) = Run("--version");

        Assert.Equal(0, code);
        Assert.StartsWith("scraper, version ", stdout, StringComparison.Ordinal);
    }

    [Fact]
    public void CheckConfig_deployExamples_areValid()
    {
        var deploy = Path.Combine(AppContext.BaseDirectory, "deploy");

        var (code, stdout, stderr) = Run(
            "check", "config", Path.Combine(deploy, "prometheus-agent.yml"), Path.Combine(deploy, "scraper.example.yml"));

        Assert.True(code == 0, stderr);
        Assert.Equal(2, stdout.Split(" SUCCESS: ").Length - 1);
        Assert.DoesNotContain("file_sd", stdout, StringComparison.Ordinal);
    }

    [Fact]
    public void CheckConfig_testDataCorpus_acceptsValidAndRejectsInvalid()
    {
        var valid = Directory.GetFiles(ConfigTestHelper.TestDataPath("valid"), "*.yml");
        var invalid = Directory.GetFiles(ConfigTestHelper.TestDataPath("invalid"), "*.yml");
        Assert.NotEmpty(valid);
        Assert.NotEmpty(invalid);

        Assert.All(valid, f => Assert.Equal(0, Run("check", "config", f).Code));
        Assert.All(invalid, f =>
        {
            var (code, _, stderr) = Run("check", "config", f);
            Assert.Equal(1, code);
            Assert.Matches(@"^  FAILED:\n(.+:\d+:\d+: .+\n|.+: cannot read .+\n)+$", stderr);
        });
    }
}
