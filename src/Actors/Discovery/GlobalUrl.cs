namespace Scraper.Actors.Discovery;

/// <summary>
/// The targets API's <c>globalUrl</c>: the scrape URL with a loopback host (<c>localhost</c>, <c>127.0.0.1</c>,
/// <c>::1</c>) replaced by this machine's name, so the link works from elsewhere (Prometheus's <c>getGlobalURL</c>).
/// </summary>
public static class GlobalUrl
{
    /// <summary>The global URL of <paramref name="scrapeUrl"/> on host <paramref name="hostName"/>.</summary>
    public static string From(string scrapeUrl, string hostName)
    {
        ArgumentNullException.ThrowIfNull(scrapeUrl);
        ArgumentNullException.ThrowIfNull(hostName);
        var schemeEnd = scrapeUrl.IndexOf("://", StringComparison.Ordinal);
        if (schemeEnd < 0)
        {
            return scrapeUrl;
        }
        var authorityStart = schemeEnd + 3;
        var authorityEnd = scrapeUrl.IndexOfAny(['/', '?', '#'], authorityStart);
        if (authorityEnd < 0)
        {
            authorityEnd = scrapeUrl.Length;
        }
        var authority = scrapeUrl[authorityStart..authorityEnd];
        string host, port;
        if (authority.StartsWith('['))
        {
            var close = authority.IndexOf(']', StringComparison.Ordinal);
            if (close < 0)
            {
                return scrapeUrl;
            }
            host = authority[1..close];
            port = authority[(close + 1)..];
        }
        else
        {
            var colon = authority.LastIndexOf(':');
            host = colon < 0 ? authority : authority[..colon];
            port = colon < 0 ? string.Empty : authority[colon..];
        }
        if (host is not ("localhost" or "127.0.0.1" or "::1"))
        {
            return scrapeUrl;
        }
        return string.Concat(scrapeUrl.AsSpan(0, authorityStart), hostName, port, scrapeUrl.AsSpan(authorityEnd));
    }
}
