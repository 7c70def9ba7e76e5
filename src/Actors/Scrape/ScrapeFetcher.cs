using System.Buffers;
using System.Globalization;
using System.IO.Compression;
using System.Net.Http.Headers;
using System.Net.Sockets;
using Scraper.Actors.Configuration;

namespace Scraper.Actors.Scrape;

/// <summary>One scrape request: everything the HTTP task needs, captured before it starts (no actor state).</summary>
internal sealed record ScrapeRequest(
    HttpClient Client,
    HttpClientOptions HttpOptions,
    string Url,
    string Accept,
    string AcceptEncoding,
    TimeSpan Timeout,
    long BodySizeLimit,
    int SizeHint,
    TimeProvider Time);

/// <summary>
/// The body of a scrape in a pooled buffer (the receiver returns it with <see cref="Release"/> once parsed), or why
/// the request failed.
/// </summary>
internal sealed class ScrapeFetchResult
{
    private byte[]? _buffer;

    private ScrapeFetchResult(byte[]? buffer, int length, string? contentType, string? error, bool bodySizeLimitExceeded)
    {
        _buffer = buffer;
        Length = length;
        ContentType = contentType;
        Error = error;
        BodySizeLimitExceeded = bodySizeLimitExceeded;
    }

    public int Length { get; }

    public string? ContentType { get; }

    public string? Error { get; }

    public bool BodySizeLimitExceeded { get; }

    public ReadOnlySpan<byte> Body => _buffer.AsSpan(0, Length);

    public static ScrapeFetchResult Ok(byte[] buffer, int length, string? contentType) => new(buffer, length, contentType, null, false);

    public static ScrapeFetchResult Failed(string error, bool bodySizeLimitExceeded = false) => new(null, 0, null, error, bodySizeLimitExceeded);

    /// <summary>Returns the body buffer to the pool; the body must not be used afterwards.</summary>
    public void Release()
    {
        if (_buffer is { } b)
        {
            _buffer = null;
            ArrayPool<byte>.Shared.Return(b);
        }
    }
}

/// <summary>
/// Performs a scrape's HTTP GET the way Prometheus's <c>targetScraper</c> does: Accept negotiation, gzip, the scrape
/// timeout header, a per-request timeout, status 200 required, <c>body_size_limit</c> on the decompressed body. The
/// body goes into a pooled buffer; parsing happens later on the actor thread. Errors come back as text in Go's
/// wording, never as exceptions, and never with credentials in them.
/// </summary>
internal static class ScrapeFetcher
{
    /// <summary>The User-Agent of our scrapes.</summary>
    public static readonly string UserAgent = "scraper/" + (typeof(ScrapeFetcher).Assembly.GetName().Version?.ToString(3) ?? "0");

    private const int MinBuffer = 16 * 1024;

    public static async Task<ScrapeFetchResult> FetchAsync(ScrapeRequest request, CancellationToken cancellationToken)
    {
        using var timeout = new CancellationTokenSource(request.Timeout, request.Time);
        using var link = CancellationTokenSource.CreateLinkedTokenSource(timeout.Token, cancellationToken);
        try
        {
            using var message = new HttpRequestMessage(HttpMethod.Get, request.Url);
            message.Headers.TryAddWithoutValidation("Accept", request.Accept);
            message.Headers.TryAddWithoutValidation("Accept-Encoding", request.AcceptEncoding);
            message.Headers.TryAddWithoutValidation("User-Agent", UserAgent);
            message.Headers.TryAddWithoutValidation(
                "X-Prometheus-Scrape-Timeout-Seconds", request.Timeout.TotalSeconds.ToString("R", CultureInfo.InvariantCulture));
            string? authorization;
            try
            {
                authorization = await ScrapeHttpClientFactory.AuthorizationAsync(request.HttpOptions, link.Token).ConfigureAwait(false);
            }
            catch (Exception e) when (e is IOException or UnauthorizedAccessException)
            {
                return ScrapeFetchResult.Failed("unable to read credentials: " + e.Message);
            }
            if (authorization is not null)
            {
                message.Headers.TryAddWithoutValidation("Authorization", authorization);
            }

            using var response = await request.Client.SendAsync(message, HttpCompletionOption.ResponseHeadersRead, link.Token).ConfigureAwait(false);
            if ((int)response.StatusCode != 200)
            {
                return ScrapeFetchResult.Failed(
                    $"server returned HTTP status {(int)response.StatusCode} {response.ReasonPhrase}".TrimEnd());
            }
            var contentType = response.Content.Headers.TryGetValues("Content-Type", out var values) ? string.Join(", ", values) : null;
            var gzip = IsGzip(response.Content.Headers.ContentEncoding);
            var stream = await response.Content.ReadAsStreamAsync(link.Token).ConfigureAwait(false);
            await using (stream.ConfigureAwait(false))
            {
                if (!gzip)
                {
                    return await ReadAsync(stream, request, contentType, link.Token).ConfigureAwait(false);
                }
                var inflater = new GZipStream(stream, CompressionMode.Decompress);
                await using (inflater.ConfigureAwait(false))
                {
                    try
                    {
                        return await ReadAsync(inflater, request, contentType, link.Token).ConfigureAwait(false);
                    }
                    catch (InvalidDataException e)
                    {
                        return ScrapeFetchResult.Failed("gzip: " + e.Message);
                    }
                }
            }
        }
        catch (OperationCanceledException) when (timeout.IsCancellationRequested && !cancellationToken.IsCancellationRequested)
        {
            return ScrapeFetchResult.Failed($"Get \"{request.Url}\": context deadline exceeded");
        }
        catch (HttpRequestException e)
        {
            return ScrapeFetchResult.Failed($"Get \"{request.Url}\": {Describe(e, request.Url)}");
        }
        catch (IOException e)
        {
            return ScrapeFetchResult.Failed($"Get \"{request.Url}\": {e.Message}");
        }
    }

    private static bool IsGzip(ICollection<string> encodings)
    {
        foreach (var e in encodings)
        {
            if (string.Equals(e, "gzip", StringComparison.OrdinalIgnoreCase))
            {
                return true;
            }
        }
        return false;
    }

    /// <summary>Reads the whole (decompressed) body into a pooled buffer, failing at <c>body_size_limit</c>.</summary>
    private static async Task<ScrapeFetchResult> ReadAsync(Stream stream, ScrapeRequest request, string? contentType, CancellationToken cancellationToken)
    {
        // Prometheus fails when the body reaches the limit (n >= limit); 0 or less means no limit.
        var limit = request.BodySizeLimit > 0 ? request.BodySizeLimit : long.MaxValue;
        var buffer = ArrayPool<byte>.Shared.Rent(Math.Max(MinBuffer, request.SizeHint + (request.SizeHint / 8)));
        var length = 0;
        try
        {
            while (true)
            {
                if (length == buffer.Length)
                {
                    var bigger = ArrayPool<byte>.Shared.Rent(buffer.Length * 2);
                    buffer.AsSpan(0, length).CopyTo(bigger);
                    ArrayPool<byte>.Shared.Return(buffer);
                    buffer = bigger;
                }
                var room = (int)Math.Min(buffer.Length - length, limit - length);
                var n = await stream.ReadAsync(buffer.AsMemory(length, room), cancellationToken).ConfigureAwait(false);
                if (n == 0)
                {
                    break;
                }
                length += n;
                if (length >= limit)
                {
                    ArrayPool<byte>.Shared.Return(buffer);
                    return ScrapeFetchResult.Failed("body size limit exceeded", bodySizeLimitExceeded: true);
                }
            }
        }
        catch
        {
            ArrayPool<byte>.Shared.Return(buffer);
            throw;
        }
        return ScrapeFetchResult.Ok(buffer, length, contentType);
    }

    /// <summary>Go's wording for the common connection failures; the exception text otherwise.</summary>
    private static string Describe(HttpRequestException e, string url)
    {
        if (e.InnerException is SocketException s)
        {
            var host = Uri.TryCreate(url, UriKind.Absolute, out var u) ? u.Authority : url;
            return s.SocketErrorCode switch
            {
                SocketError.ConnectionRefused => $"dial tcp {host}: connect: connection refused",
                SocketError.HostNotFound or SocketError.NoData => $"dial tcp: lookup {u?.Host ?? host}: no such host",
                SocketError.TimedOut => $"dial tcp {host}: i/o timeout",
                _ => $"dial tcp {host}: {s.Message}",
            };
        }
        return e.InnerException?.Message ?? e.Message;
    }
}
