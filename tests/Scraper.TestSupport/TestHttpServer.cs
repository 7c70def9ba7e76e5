using System.Net;
using System.Security.Cryptography.X509Certificates;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.Logging;

namespace Scraper.TestSupport;

/// <summary>
/// An in-process Kestrel server on 127.0.0.1 and a free port, answering every request with a handler the test
/// can swap at any time: scrape targets with fixed or changing bodies, fault-injecting remote-write receivers,
/// http_sd endpoints.
/// </summary>
public sealed class TestHttpServer : IAsyncDisposable
{
    private readonly WebApplication _app;
    private volatile RequestDelegate _handler;

    private TestHttpServer(WebApplication app, RequestDelegate handler)
    {
        _app = app;
        _handler = handler;
    }

    /// <summary>Base URL, <c>http://127.0.0.1:PORT</c>.</summary>
    public string BaseUrl { get; private set; } = string.Empty;

    /// <summary>host:port, for a static_configs target.</summary>
    public string Address => new Uri(BaseUrl).Authority;

    /// <summary>The port.</summary>
    public int Port => new Uri(BaseUrl).Port;

    /// <summary>Starts a server answering with <paramref name="handler"/>.</summary>
    public static Task<TestHttpServer> StartAsync(RequestDelegate handler, CancellationToken cancellationToken = default) =>
        StartAsync(handler, null, cancellationToken);

    /// <summary>
    /// Starts a server answering with <paramref name="handler"/>, over HTTPS with <paramref name="certificate"/> (which
    /// must carry its private key) when one is given.
    /// </summary>
    public static async Task<TestHttpServer> StartAsync(
        RequestDelegate handler, X509Certificate2? certificate, CancellationToken cancellationToken = default)
    {
        var builder = WebApplication.CreateSlimBuilder();
        builder.Logging.ClearProviders();
        builder.WebHost.UseKestrelHttpsConfiguration();
        builder.WebHost.ConfigureKestrel(k => k.Listen(IPAddress.Loopback, 0, listen =>
        {
            if (certificate is not null)
            {
                listen.UseHttps(certificate);
            }
        }));
        var app = builder.Build();
        var server = new TestHttpServer(app, handler);
        app.Run(ctx => server._handler(ctx));
        await app.StartAsync(cancellationToken).ConfigureAwait(false);
        server.BaseUrl = app.Urls.First().Replace("[::]", "127.0.0.1", StringComparison.Ordinal);
        return server;
    }

    /// <summary>A server that answers every request with <paramref name="body"/> and <paramref name="contentType"/>.</summary>
    public static Task<TestHttpServer> StartStaticAsync(string body, string contentType = "text/plain; version=0.0.4",
        CancellationToken cancellationToken = default) =>
        StartAsync(ctx => Write(ctx, body, contentType), cancellationToken);

    /// <summary>Replaces the handler; requests already running finish with the old one.</summary>
    public void Handle(RequestDelegate handler) => _handler = handler;

    /// <summary>Writes a 200 answer.</summary>
    public static Task Write(HttpContext context, string body, string contentType)
    {
        ArgumentNullException.ThrowIfNull(context);
        context.Response.StatusCode = 200;
        context.Response.ContentType = contentType;
        return context.Response.WriteAsync(body, context.RequestAborted);
    }

    /// <summary>Stops the server.</summary>
    public async ValueTask DisposeAsync()
    {
        await _app.StopAsync().ConfigureAwait(false);
        await _app.DisposeAsync().ConfigureAwait(false);
    }
}
