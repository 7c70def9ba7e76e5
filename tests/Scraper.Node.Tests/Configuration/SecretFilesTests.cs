using Scraper.Actors.Configuration;
using Scraper.Node.Configuration;

namespace Scraper.Node.Tests.Configuration;

public sealed class SecretFilesTests : IDisposable
{
    private readonly DirectoryInfo _dir = Directory.CreateTempSubdirectory("scraper-config-");

    public void Dispose() => _dir.Delete(recursive: true);

    private string Write(string relativePath, string content)
    {
        var path = Path.Combine(_dir.FullName, relativePath);
        Directory.CreateDirectory(Path.GetDirectoryName(path)!);
        File.WriteAllText(path, content);
        return path;
    }

    private ConfigLoadResult LoadFile(string yaml, ConfigLoaderOptions? options = null) =>
        ConfigLoader.LoadFile(Write(Path.Combine("conf", "prometheus.yml"), yaml), options);

    [Fact]
    public void Load_relativeSecretFiles_areJoinedWithTheConfigDirectory()
    {
        Write("conf/secrets/password", "pw\n");
        Write("conf/secrets/user", "alice\n");
        Write("conf/token", "tok\n");
        Write("ca.pem", "ca\n");
        var absoluteCa = Path.Combine(_dir.FullName, "ca.pem");

        var result = LoadFile($"""
            scrape_configs:
              - job_name: a
                basic_auth:
                  username_file: secrets/user
                  password_file: ./secrets/password
                tls_config:
                  ca_file: {absoluteCa}
            remote_write:
              - url: http://127.0.0.1:9090/api/v1/write
                bearer_token_file: ../conf/token
            """);

        Assert.True(result.IsValid, string.Join('\n', result.Errors));
        var conf = Path.Combine(_dir.FullName, "conf");
        var auth = result.Options!.ScrapeConfigs[0].HttpClient.BasicAuth!;
        Assert.Equal(Path.Combine(conf, "secrets", "user"), auth.UsernameFile);
        Assert.Equal(Path.Combine(conf, "secrets", "password"), auth.Password!.FilePath);
        Assert.Equal(absoluteCa, result.Options.ScrapeConfigs[0].HttpClient.Tls.CaFile);
        Assert.Equal(Path.Combine(conf, "token"), result.Options.RemoteWrite[0].HttpClient.Authorization!.Credentials!.FilePath);
        Assert.Equal("alice", auth.ReadUsername());
        Assert.Equal("pw", auth.ReadPassword());
        Assert.Equal("tok", result.Options.RemoteWrite[0].HttpClient.Authorization!.ReadCredentials());
    }

    [Fact]
    public async Task Read_afterTheFileChanges_returnsTheNewContent()
    {
        var file = Write("conf/password", "first\n");
        var result = LoadFile("scrape_configs:\n  - job_name: a\n    basic_auth:\n      username: u\n      password_file: password\n");
        var password = result.Options!.ScrapeConfigs[0].HttpClient.BasicAuth!.Password!;
        Assert.Equal("first", password.Read());

        await File.WriteAllTextAsync(file, "  second  \r\n", TestContext.Current.CancellationToken);

        Assert.Equal("second", password.Read());
        Assert.Equal("second", await password.ReadAsync(TestContext.Current.CancellationToken));
    }

    [Theory]
    [InlineData("basic_auth:\n      username: u\n      password_file: missing", 5, "password_file")]
    [InlineData("basic_auth:\n      username_file: missing", 4, "username_file")]
    [InlineData("authorization:\n      credentials_file: missing", 4, "credentials_file")]
    [InlineData("bearer_token_file: missing", 3, "bearer_token_file")]
    [InlineData("tls_config:\n      ca_file: missing", 4, "ca_file")]
    [InlineData("tls_config:\n      cert_file: missing\n      key_file: key.pem", 4, "cert_file")]
    [InlineData("tls_config:\n      cert_file: key.pem\n      key_file: missing", 5, "key_file")]
    public void Load_missingReferencedFile_isAnErrorAtItsLine(string block, int line, string key)
    {
        Write("conf/key.pem", "k");
        var result = LoadFile($"scrape_configs:\n  - job_name: a\n    {block}\n");

        var error = Assert.Single(result.Errors);
        Assert.Equal(line, error.Line);
        Assert.Equal($"{key} \"{Path.Combine(_dir.FullName, "conf", "missing")}\" does not exist", error.Message);
    }

    [Fact]
    public void Load_missingFileInRemoteWriteAndHttpSd_isAnError()
    {
        var result = LoadFile("""
            scrape_configs:
              - job_name: a
                http_sd_configs:
                  - url: http://127.0.0.1:8080/sd
                    basic_auth: {username: u, password_file: nope1}
            remote_write:
              - url: http://127.0.0.1:9090/api/v1/write
                tls_config: {ca_file: nope2}
            """);

        Assert.Equal([5, 8], result.Errors.Select(e => e.Line));
    }

    [Fact]
    public void Load_directoryInsteadOfFile_isAnError()
    {
        Directory.CreateDirectory(Path.Combine(_dir.FullName, "conf", "adir"));

        var result = LoadFile("scrape_configs:\n  - job_name: a\n    bearer_token_file: adir\n");

        Assert.Contains("is a directory", Assert.Single(result.Errors).Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Load_missingFileWithoutFileChecks_isValid()
    {
        var result = LoadFile(
            "scrape_configs:\n  - job_name: a\n    bearer_token_file: missing\n",
            new ConfigLoaderOptions { CheckReferencedFiles = false });

        Assert.True(result.IsValid);
        Assert.Throws<FileNotFoundException>(() => result.Options!.ScrapeConfigs[0].HttpClient.Authorization!.ReadCredentials());
    }

    [Fact]
    public void ToString_ofOptionsHoldingSecrets_neverShowsThem()
    {
        var result = ConfigLoader.Load("""
            scrape_configs:
              - job_name: a
                basic_auth: {username: u, password: pw-SECRET}
                tls_config: {cert: c, key: key-SECRET}
            remote_write:
              - url: http://127.0.0.1:9090/api/v1/write
                bearer_token: token-SECRET
            """, "prometheus.yml");
        var job = result.Options!.ScrapeConfigs[0];
        var rw = result.Options.RemoteWrite[0];

        var printed = string.Join('\n',
            job.HttpClient.ToString(), job.HttpClient.BasicAuth!.ToString(), job.HttpClient.Tls.ToString(),
            job.HttpClient.BasicAuth.Password!.ToString(), rw.ToString(), rw.HttpClient.ToString(), rw.HttpClient.Authorization!.ToString());

        Assert.DoesNotContain("SECRET", printed, StringComparison.Ordinal);
        Assert.Contains("<secret>", printed, StringComparison.Ordinal);
        Assert.Equal("pw-SECRET", job.HttpClient.BasicAuth.ReadPassword());
    }

    [Fact]
    public void Secret_equality_comparesValueAndFile()
    {
        Assert.Equal(Secret.FromValue("a"), Secret.FromValue("a"));
        Assert.NotEqual(Secret.FromValue("a"), Secret.FromValue("b"));
        Assert.Equal(Secret.FromFile("/x"), Secret.FromFile("/x"));
        Assert.NotEqual(Secret.FromFile("/x"), Secret.FromValue("/x"));
        Assert.Equal("<secret>", Secret.FromValue("a").ToString());
    }
}
