using System.Net.Sockets;
using Scraper.Actors.Scrape;
using Scraper.Protocol.RemoteWrite;

namespace Scraper.Actors.RemoteWrite.Sending;

/// <summary>
/// Performs one remote-write POST the way Prometheus's remote client does: headers, Authorization read now (so
/// rotated credential files are used, as scrapes do), <c>remote_timeout</c> for the whole exchange. Every failure
/// comes back as a <see cref="RemoteWriteResult"/>, never as an exception, and never with a credential in it; the
/// shard classifies it on its own thread.
/// </summary>
internal static class RemoteWriteRequestSender
{
    // Enough of a receiver's error body to say why it refused (Prometheus logs the first line or so of it).
    private const int MaxErrorBodyChars = 256;

    public static async Task<RemoteWriteResult> SendAsync(RemoteWriteRequest request, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(request);
        var started = request.Time.GetTimestamp();
        using var timeout = new CancellationTokenSource(request.Timeout, request.Time);
        using var link = CancellationTokenSource.CreateLinkedTokenSource(timeout.Token, cancellationToken);
        try
        {
            string? authorization;
            try
            {
                authorization = await ScrapeHttpClientFactory.AuthorizationAsync(request.HttpOptions, link.Token).ConfigureAwait(false);
            }
            catch (Exception e) when (e is IOException or UnauthorizedAccessException)
            {
                // Prometheus's round tripper fails the request, which its sender retries; so do we.
                return Failed(request, started, "unable to read credentials: " + e.Message);
            }
            using var message = new HttpRequestMessage(HttpMethod.Post, request.Url) { Content = new ReadOnlyMemoryContent(request.Body) };
            RemoteWriteRequestHeaders.Apply(message, request.Message, request.Headers, authorization);
            using var response = await request.Client.SendAsync(message, HttpCompletionOption.ResponseHeadersRead, link.Token).ConfigureAwait(false);
            var answer = RemoteWriteResponse.From(response);
            string? body = null;
            if (answer.StatusCode is < 200 or >= 300)
            {
                body = await ReadErrorBodyAsync(response, link.Token).ConfigureAwait(false);
            }
            return new RemoteWriteResult(request.Attempt, answer, null, body, request.Time.GetElapsedTime(started));
        }
        catch (OperationCanceledException) when (timeout.IsCancellationRequested && !cancellationToken.IsCancellationRequested)
        {
            return Failed(request, started, $"Post \"{Redact(request.Url)}\": context deadline exceeded (remote_timeout {request.Timeout})");
        }
        catch (HttpRequestException e)
        {
            return Failed(request, started, $"Post \"{Redact(request.Url)}\": {Describe(e)}");
        }
        catch (IOException e)
        {
            return Failed(request, started, $"Post \"{Redact(request.Url)}\": {e.Message}");
        }
    }

    /// <summary>The url for a log line: scheme, host, port and path, without user info or query (either may hold a secret).</summary>
    public static string Redact(Uri url)
    {
        ArgumentNullException.ThrowIfNull(url);
        return url.GetComponents(UriComponents.SchemeAndServer | UriComponents.Path, UriFormat.UriEscaped);
    }

    private static RemoteWriteResult Failed(RemoteWriteRequest request, long started, string error) =>
        new(request.Attempt, null, error, null, request.Time.GetElapsedTime(started));

    private static async Task<string?> ReadErrorBodyAsync(HttpResponseMessage response, CancellationToken cancellationToken)
    {
        try
        {
            var text = await response.Content.ReadAsStringAsync(cancellationToken).ConfigureAwait(false);
            text = text.Trim();
            return text.Length <= MaxErrorBodyChars ? text : text[..MaxErrorBodyChars] + "...";
        }
        catch (Exception e) when (e is HttpRequestException or IOException or OperationCanceledException)
        {
            // The status decides; a body that cannot be read only makes the log line shorter.
            return null;
        }
    }

    private static string Describe(HttpRequestException e)
    {
        var socket = e.InnerException as SocketException ?? e.InnerException?.InnerException as SocketException;
        return socket?.SocketErrorCode switch
        {
            SocketError.ConnectionRefused => "connect: connection refused",
            SocketError.ConnectionReset => "read: connection reset by peer",
            SocketError.HostNotFound => "dial: no such host",
            _ => e.InnerException is { } inner ? e.Message + " " + inner.Message : e.Message,
        };
    }
}
