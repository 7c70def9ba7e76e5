using Scraper.Actors.Configuration;
using Scraper.Actors.Scrape;

namespace Scraper.Actors.RemoteWrite.Sending;

/// <summary>
/// Builds the HTTP client of one remote_write endpoint from its <see cref="RemoteWriteOptions.HttpClient"/>: the
/// same TLS, proxy, redirect and HTTP/2 handling as scrapes (<see cref="ScrapeHttpClientFactory"/>). No
/// client-wide timeout (each request carries <c>remote_timeout</c>) and no baked-in Authorization (each request
/// reads it, so rotated credential files are used). One per endpoint, shared by its shards; the owner disposes it.
/// </summary>
public static class RemoteWriteHttpClientFactory
{
    /// <summary>A new client for <paramref name="endpoint"/>.</summary>
    public static HttpClient Create(RemoteWriteOptions endpoint)
    {
        ArgumentNullException.ThrowIfNull(endpoint);
        var handler = ScrapeHttpClientFactory.CreateHandler(endpoint.HttpClient);
        // A shard has one request in flight, so connections per server never exceed the shard count; keep the
        // handler's unlimited default rather than a cap that could make shards queue behind each other.
        return ScrapeHttpClientFactory.CreateClient(handler, endpoint.HttpClient);
    }
}
