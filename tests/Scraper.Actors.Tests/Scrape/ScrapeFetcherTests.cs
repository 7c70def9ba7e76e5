using System.IO.Compression;
using System.Net;
using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;
using System.Text;
using Microsoft.AspNetCore.Http;
using Scraper.Actors.Configuration;
using Scraper.Actors.Scrape;
using Scraper.Actors.Tests.Support;
using Scraper.TestSupport;

namespace Scraper.Actors.Tests.Scrape;

public sealed class ScrapeFetcherTests
{
    private const string Body = "# TYPE a counter\na_total 1\n";
    private static CancellationToken Token => TestContext.Current.CancellationToken;

    private static async Task<ScrapeFetchResult> FetchAsync(
        string url, HttpClientOptions? http = null, bool compression = true, long bodyLimit = 0, TimeSpan? timeout = null)
    {
        http ??= HttpClientOptions.Default;
        using var client = ScrapeHttpClientFactory.CreateClient(ScrapeHttpClientFactory.CreateHandler(http), http);
        var request = new ScrapeRequest(
            client, http, url, "text/plain", ScrapeAcceptHeader.Encoding(compression), timeout ?? TimeSpan.FromSeconds(10), bodyLimit, 0, TimeProvider.System);
        return await ScrapeFetcher.FetchAsync(request, Token);
    }

    private static string Text(ScrapeFetchResult r) => Encoding.UTF8.GetString(r.Body);

    private static async Task WriteGzipAsync(HttpContext ctx, string body)
    {
        ctx.Response.Headers.ContentEncoding = "gzip";
        ctx.Response.ContentType = "text/plain; version=0.0.4";
        using var buffer = new MemoryStream();
        await using (var gzip = new GZipStream(buffer, CompressionLevel.Fastest, leaveOpen: true))
        {
            await gzip.WriteAsync(Encoding.UTF8.GetBytes(body));
        }
        await ctx.Response.Body.WriteAsync(buffer.ToArray());
    }

    [Fact]
    public async Task FetchAsync_asks_for_gzip_sends_prometheus_headers_and_inflates_the_body()
    {
        var seen = new Dictionary<string, string>();
        await using var server = await TestHttpServer.StartAsync(async ctx =>
        {
            foreach (var h in new[] { "Accept", "Accept-Encoding", "X-Prometheus-Scrape-Timeout-Seconds", "User-Agent" })
            {
                seen[h] = ctx.Request.Headers[h].ToString();
            }
            seen["query"] = ctx.Request.QueryString.Value ?? string.Empty;
            await WriteGzipAsync(ctx, Body);
        }, Token);
        var result = await FetchAsync(server.BaseUrl + "/metrics?module=x", timeout: TimeSpan.FromSeconds(2.5));
        Assert.Null(result.Error);
        Assert.Equal(Body, Text(result));
        Assert.Equal("text/plain; version=0.0.4", result.ContentType);
        Assert.Equal("gzip", seen["Accept-Encoding"]);
        Assert.Equal("text/plain", seen["Accept"]);
        Assert.Equal("2.5", seen["X-Prometheus-Scrape-Timeout-Seconds"]);
        Assert.StartsWith("scraper/", seen["User-Agent"]);
        Assert.Equal("?module=x", seen["query"]);
        result.Release();
    }

    [Fact]
    public async Task FetchAsync_without_compression_asks_for_identity()
    {
        string? encoding = null;
        await using var server = await TestHttpServer.StartAsync(ctx =>
        {
            encoding = ctx.Request.Headers.AcceptEncoding.ToString();
            return TestHttpServer.Write(ctx, Body, "text/plain");
        }, Token);
        var result = await FetchAsync(server.BaseUrl + "/metrics", compression: false);
        Assert.Equal(Body, Text(result));
        Assert.Equal("identity", encoding);
    }

    [Theory]
    [InlineData(27, true)]
    [InlineData(28, false)]
    public async Task FetchAsync_fails_when_the_body_reaches_body_size_limit(long limit, bool exceeded)
    {
        await using var server = await TestHttpServer.StartStaticAsync(Body, cancellationToken: Token);
        var result = await FetchAsync(server.BaseUrl + "/metrics", bodyLimit: limit);
        Assert.Equal(exceeded, result.BodySizeLimitExceeded);
        Assert.Equal(exceeded ? "body size limit exceeded" : null, result.Error);
    }

    [Fact]
    public async Task FetchAsync_applies_body_size_limit_to_the_inflated_body()
    {
        var big = string.Concat(Enumerable.Repeat("a_total 1\n", 10_000));
        await using var server = await TestHttpServer.StartAsync(ctx => WriteGzipAsync(ctx, big), Token);
        var result = await FetchAsync(server.BaseUrl + "/metrics", bodyLimit: 50_000);
        Assert.True(result.BodySizeLimitExceeded);
    }

    [Fact]
    public async Task FetchAsync_times_out_like_prometheus()
    {
        await using var server = await TestHttpServer.StartAsync(async ctx =>
        {
            await Task.Delay(TimeSpan.FromSeconds(5), ctx.RequestAborted);
            await TestHttpServer.Write(ctx, Body, "text/plain");
        }, Token);
        var url = server.BaseUrl + "/metrics";
        var result = await FetchAsync(url, timeout: TimeSpan.FromMilliseconds(200));
        Assert.Equal($"Get \"{url}\": context deadline exceeded", result.Error);
    }

    [Fact]
    public async Task FetchAsync_reports_a_non_200_status()
    {
        await using var server = await TestHttpServer.StartAsync(ctx =>
        {
            ctx.Response.StatusCode = 503;
            return Task.CompletedTask;
        }, Token);
        var result = await FetchAsync(server.BaseUrl + "/metrics");
        Assert.Equal("server returned HTTP status 503 Service Unavailable", result.Error);
    }

    [Fact]
    public async Task FetchAsync_reports_a_refused_connection_in_gos_words()
    {
        var port = LoopbackPort.Free();
        var result = await FetchAsync($"http://127.0.0.1:{port}/metrics");
        Assert.Equal($"Get \"http://127.0.0.1:{port}/metrics\": dial tcp 127.0.0.1:{port}: connect: connection refused", result.Error);
    }

    [Fact]
    public async Task FetchAsync_sends_basic_auth()
    {
        string? authorization = null;
        await using var server = await TestHttpServer.StartAsync(ctx =>
        {
            authorization = ctx.Request.Headers.Authorization.ToString();
            return TestHttpServer.Write(ctx, Body, "text/plain");
        }, Token);
        var http = new HttpClientOptions { BasicAuth = new BasicAuthOptions { Username = "user", Password = Secret.FromValue("pa:ss") } };
        await FetchAsync(server.BaseUrl + "/metrics", http);
        Assert.Equal("Basic " + Convert.ToBase64String(Encoding.UTF8.GetBytes("user:pa:ss")), authorization);
    }

    [Fact]
    public async Task FetchAsync_reads_a_rotated_credentials_file_on_each_request()
    {
        using var dir = new TempDirectory();
        var file = dir.Combine("token");
        await File.WriteAllTextAsync(file, "first\n", Token);
        var seen = new List<string>();
        await using var server = await TestHttpServer.StartAsync(ctx =>
        {
            seen.Add(ctx.Request.Headers.Authorization.ToString());
            return TestHttpServer.Write(ctx, Body, "text/plain");
        }, Token);
        var http = new HttpClientOptions { Authorization = new AuthorizationOptions { Credentials = Secret.FromFile(file) } };
        await FetchAsync(server.BaseUrl + "/metrics", http);
        await File.WriteAllTextAsync(file, "second", Token);
        await FetchAsync(server.BaseUrl + "/metrics", http);
        Assert.Equal(["Bearer first", "Bearer second"], seen);
    }

    [Fact]
    public async Task FetchAsync_over_tls_trusts_the_configured_ca_only()
    {
        using var ca = CreateCa();
        using var serverCert = CreateServerCertificate(ca);
        await using var server = await TestHttpServer.StartAsync(ctx => TestHttpServer.Write(ctx, Body, "text/plain"), serverCert, Token);
        var url = server.BaseUrl + "/metrics";
        Assert.StartsWith("https://", url);

        var trusted = await FetchAsync(url, new HttpClientOptions { Tls = new TlsOptions { Ca = ca.ExportCertificatePem() } });
        Assert.Null(trusted.Error);
        Assert.Equal(Body, Text(trusted));

        var untrusted = await FetchAsync(url);
        Assert.NotNull(untrusted.Error);
        Assert.StartsWith($"Get \"{url}\": ", untrusted.Error);

        var skipped = await FetchAsync(url, new HttpClientOptions { Tls = new TlsOptions { InsecureSkipVerify = true } });
        Assert.Null(skipped.Error);
    }

    private static X509Certificate2 CreateCa()
    {
        using var key = RSA.Create(2048);
        var request = new CertificateRequest("CN=scraper test CA", key, HashAlgorithmName.SHA256, RSASignaturePadding.Pkcs1);
        request.CertificateExtensions.Add(new X509BasicConstraintsExtension(true, false, 0, true));
        request.CertificateExtensions.Add(new X509KeyUsageExtension(X509KeyUsageFlags.KeyCertSign | X509KeyUsageFlags.CrlSign, true));
        return request.CreateSelfSigned(DateTimeOffset.UtcNow.AddDays(-1), DateTimeOffset.UtcNow.AddDays(1));
    }

    private static X509Certificate2 CreateServerCertificate(X509Certificate2 ca)
    {
        using var key = RSA.Create(2048);
        var request = new CertificateRequest("CN=127.0.0.1", key, HashAlgorithmName.SHA256, RSASignaturePadding.Pkcs1);
        var san = new SubjectAlternativeNameBuilder();
        san.AddIpAddress(IPAddress.Loopback);
        request.CertificateExtensions.Add(san.Build());
        request.CertificateExtensions.Add(new X509EnhancedKeyUsageExtension([new Oid("1.3.6.1.5.5.7.3.1")], false));
        var serial = new byte[8];
        RandomNumberGenerator.Fill(serial);
        using var signed = request.Create(ca, DateTimeOffset.UtcNow.AddHours(-1), DateTimeOffset.UtcNow.AddHours(12), serial);
        using var withKey = signed.CopyWithPrivateKey(key);
        return X509CertificateLoader.LoadPkcs12(withKey.Export(X509ContentType.Pfx), null);
    }
}
