using Scraper.Node.Configuration;
using static Scraper.Node.Tests.Configuration.ConfigTestHelper;

namespace Scraper.Node.Tests.Configuration;

/// <summary>
/// Compares our accept/reject decision with Prometheus's own, by running <c>promtool check config --agent</c>
/// (2.42, installed from Debian by CI) on the same files. The corpus under divergent/ pins the deliberate
/// differences: checks stricter than promtool's, and keys newer than 2.42 that current Prometheus accepts.
/// </summary>
public sealed class PromtoolDifferentialTests : IDisposable
{
    private readonly DirectoryInfo _dir = Directory.CreateTempSubdirectory("scraper-promtool-");

    public void Dispose() => _dir.Delete(recursive: true);

    private static string Promtool()
    {
        foreach (var dir in (Environment.GetEnvironmentVariable("PATH") ?? "/usr/bin").Split(Path.PathSeparator).Append("/usr/bin"))
        {
            var candidate = Path.Combine(dir, "promtool");
            if (File.Exists(candidate))
            {
                return candidate;
            }
        }
        Assert.Fail("promtool was not found on PATH or in /usr/bin. It is the reference for these tests: install it with "
            + "'apt-get install -y prometheus' (.ci/run does).");
        return string.Empty;
    }

    private static async Task<bool> PromtoolAccepts(string file) => (await PromtoolCheck(file)).Accepted;

    /// <summary>promtool's decision, and on rejection its reason as it prints it after <c>FAILED: </c>.</summary>
    private static async Task<(bool Accepted, string Stderr)> PromtoolCheck(string file)
    {
        var result = await ProcessRunner.RunAsync(
            Promtool(), ["check", "config", "--agent", file], TimeSpan.FromMinutes(1), TestContext.Current.CancellationToken);
        Assert.True(result.ExitCode is 0 or 1, $"promtool exited {result.ExitCode}: {result.Stderr}");
        return (result.ExitCode == 0, result.Stderr);
    }

    private static bool WeAccept(string file) => ConfigLoader.LoadFile(file).IsValid;

    private static TheoryData<string> Files(params string[] directories)
    {
        var data = new TheoryData<string>();
        foreach (var directory in directories)
        {
            foreach (var file in Directory.EnumerateFiles(TestDataPath(directory), "*.yml").Order(StringComparer.Ordinal))
            {
                data.Add(Path.GetRelativePath(TestDataPath(), file));
            }
        }
        return data;
    }

    public static TheoryData<string> AgreedFiles() => Files("valid", "invalid");

    public static TheoryData<string> StricterFiles() => Files(Path.Combine("divergent", "stricter"));

    public static TheoryData<string> NewerFiles() => Files(Path.Combine("divergent", "newer"));

    [Theory]
    [MemberData(nameof(AgreedFiles))]
    public async Task Decision_onCorpusFile_matchesPromtool(string file)
    {
        var path = TestDataPath(file);

        var promtool = await PromtoolAccepts(path);

        Assert.Equal(promtool, WeAccept(path));
        Assert.Equal(file.StartsWith("valid", StringComparison.Ordinal), promtool);
    }

    [Theory]
    [MemberData(nameof(StricterFiles))]
    public async Task Decision_onDeliberatelyStricterCheck_promtoolAcceptsWeReject(string file)
    {
        var path = TestDataPath(file);

        Assert.True(await PromtoolAccepts(path), "promtool now rejects this file too: move it to invalid/");
        Assert.False(WeAccept(path));
    }

    [Theory]
    [MemberData(nameof(NewerFiles))]
    public async Task Decision_onKeyNewerThanPromtool242_promtoolRejectsWeAccept(string file)
    {
        var path = TestDataPath(file);

        Assert.False(await PromtoolAccepts(path), "promtool now accepts this file too: move it to valid/");
        Assert.True(WeAccept(path), string.Join('\n', ConfigLoader.LoadFile(path).Errors));
    }

    [Theory]
    [InlineData("0")]
    [InlineData("0s")]
    [InlineData("1ms")]
    [InlineData("01s")]
    [InlineData("1y2w3d4h5m6s7ms")]
    [InlineData("2562047h")]
    [InlineData("106751d")]
    [InlineData("106752d")]
    [InlineData("300y")]
    [InlineData("1h1h")]
    [InlineData("1d2y")]
    [InlineData("1.5s")]
    [InlineData("-1s")]
    [InlineData("1S")]
    [InlineData("5x")]
    [InlineData("1")]
    [InlineData("'1s '")]
    [InlineData("\"1s\\n\"")]
    [InlineData("''")]
    [InlineData("99999999999999999999s")]
    public async Task Duration_decision_matchesPromtool(string duration)
    {
        var file = Path.Combine(_dir.FullName, "duration.yml");
        await File.WriteAllTextAsync(file, $"global:\n  evaluation_interval: {duration}\n", TestContext.Current.CancellationToken);

        var (accepted, stderr) = await PromtoolCheck(file);

        Assert.Equal(accepted, WeAccept(file));
        if (!accepted)
        {
            // promtool says "parsing YAML file FILE: REASON" for a bad duration; ours carries the same reason.
            var marker = $"parsing YAML file {file}: ";
            var at = stderr.IndexOf(marker, StringComparison.Ordinal);
            Assert.True(at >= 0, stderr);
            var reason = stderr[(at + marker.Length)..].Trim();
            var ours = Assert.Single(ConfigLoader.LoadFile(file).Errors);
            Assert.EndsWith(": " + reason, ours.Message, StringComparison.Ordinal);
        }
    }

    [Theory]
    [InlineData("0")]
    [InlineData("-0")]
    [InlineData("0B")]
    [InlineData("10MB")]
    [InlineData("10MiB")]
    [InlineData("1.5MB")]
    [InlineData(".5KB")]
    [InlineData("1.KB")]
    [InlineData("1MB512KB")]
    [InlineData("1B1KB")]
    [InlineData("+5MB")]
    [InlineData("-1MB")]
    [InlineData("8EB")]
    [InlineData("9EB")]
    [InlineData("10kB")]
    [InlineData("10mb")]
    [InlineData("10")]
    [InlineData("1iB")]
    [InlineData("1K")]
    [InlineData("B")]
    [InlineData("''")]
    [InlineData("1MiB1MB")]
    [InlineData("9223372036854775807B")]
    public async Task Size_decision_matchesPromtool(string size)
    {
        var file = Path.Combine(_dir.FullName, "size.yml");
        await File.WriteAllTextAsync(file, $"scrape_configs:\n  - job_name: a\n    body_size_limit: {size}\n", TestContext.Current.CancellationToken);

        Assert.Equal(await PromtoolAccepts(file), WeAccept(file));
    }
}
