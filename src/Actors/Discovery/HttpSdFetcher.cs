using System.Collections.Immutable;
using System.Globalization;
using System.Text.RegularExpressions;
using Scraper.Actors.Configuration;
using Scraper.Actors.Scrape;
using Scraper.Protocol.Model;

namespace Scraper.Actors.Discovery;

/// <summary>
/// One http_sd refresh as Prometheus's discovery/http does it: GET the URL (Accept JSON, the refresh interval header,
/// authentication from the config), require 200 and a JSON content type, parse the groups and label them
/// <c>__meta_url</c>. Failures come back as text, never as exceptions.
/// </summary>
public static partial class HttpSdFetcher
{
    /// <summary>The label http_sd adds to every group.</summary>
    public const string UrlLabel = "__meta_url";

    /// <summary>Fetches and parses the target groups.</summary>
    public static async Task<(ImmutableArray<TargetGroup> Groups, string? Error)> FetchAsync(
        HttpClient client, HttpSdOptions options, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(client);
        ArgumentNullException.ThrowIfNull(options);
        try
        {
            using var request = new HttpRequestMessage(HttpMethod.Get, options.Url);
            request.Headers.TryAddWithoutValidation("Accept", "application/json");
            request.Headers.TryAddWithoutValidation("User-Agent", ScrapeFetcher.UserAgent);
            request.Headers.TryAddWithoutValidation(
                "X-Prometheus-Refresh-Interval-Seconds", options.RefreshInterval.TotalSeconds.ToString("R", CultureInfo.InvariantCulture));
            if (await ScrapeHttpClientFactory.AuthorizationAsync(options.HttpClient, cancellationToken).ConfigureAwait(false) is { } auth)
            {
                request.Headers.TryAddWithoutValidation("Authorization", auth);
            }
            using var response = await client.SendAsync(request, cancellationToken).ConfigureAwait(false);
            if ((int)response.StatusCode != 200)
            {
                return ([], $"server returned HTTP status {(int)response.StatusCode} {response.ReasonPhrase}".TrimEnd());
            }
            var contentType = response.Content.Headers.TryGetValues("Content-Type", out var values) ? string.Join(", ", values) : string.Empty;
            if (!JsonContentType().IsMatch(contentType.Trim()))
            {
                return ([], $"unsupported content type \"{contentType}\"");
            }
            var body = await response.Content.ReadAsByteArrayAsync(cancellationToken).ConfigureAwait(false);
            return TargetGroupParser.TryParseJson(body, options.Url, new Label(UrlLabel, options.Url), out var groups, out var error)
                ? (groups, null)
                : ([], error);
        }
        catch (OperationCanceledException) when (!cancellationToken.IsCancellationRequested)
        {
            return ([], $"Get \"{options.Url}\": context deadline exceeded");
        }
        catch (Exception e) when (e is HttpRequestException or IOException or OperationCanceledException)
        {
            return ([], $"Get \"{options.Url}\": {e.InnerException?.Message ?? e.Message}");
        }
    }

    [GeneratedRegex("^application/json(;\\s*charset=(\"utf-8\"|utf-8))?$", RegexOptions.IgnoreCase | RegexOptions.CultureInvariant)]
    private static partial Regex JsonContentType();
}
