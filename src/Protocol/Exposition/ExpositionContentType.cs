namespace Scraper.Protocol.Exposition;

/// <summary>
/// Content negotiation for scrapes, as Prometheus 2.42 does it: the Accept header it sends, and which parser a
/// response's Content-Type selects.
/// </summary>
public static class ExpositionContentType
{
    /// <summary>
    /// The Accept header Prometheus 2.42 sends on every scrape (native histograms off): OpenMetrics 1.0.0 first,
    /// then OpenMetrics 0.0.1, then Prometheus text 0.0.4, then anything.
    /// </summary>
    public const string ScrapeAcceptHeader =
        "application/openmetrics-text;version=1.0.0,application/openmetrics-text;version=0.0.1;q=0.75," +
        "text/plain;version=0.0.4;q=0.5,*/*;q=0.1";

    /// <summary>The media type that selects the OpenMetrics parser.</summary>
    public const string OpenMetricsMediaType = "application/openmetrics-text";

    /// <summary>
    /// The format of a body served with <paramref name="contentType"/>: OpenMetrics for the media type
    /// <c>application/openmetrics-text</c> (any case, any valid parameters); Prometheus text for anything else,
    /// a missing header included. Like Prometheus (Go's <c>mime.ParseMediaType</c> in <c>textparse.New</c>), a
    /// header that does not parse as a media type falls back to Prometheus text.
    /// </summary>
    public static ExpositionFormat FormatOf(string? contentType)
    {
        if (string.IsNullOrEmpty(contentType) || !TryParseMediaType(contentType, out var mediaType))
        {
            return ExpositionFormat.PrometheusText;
        }
        return string.Equals(mediaType, OpenMetricsMediaType, StringComparison.Ordinal)
            ? ExpositionFormat.OpenMetrics
            : ExpositionFormat.PrometheusText;
    }

    /// <summary>
    /// Go's <c>mime.ParseMediaType</c>, reduced to whether it succeeds and the lower-cased media type: a token, an
    /// optional <c>/</c> and token, then <c>; name=value</c> parameters (value a token or quoted string), names
    /// unique, a trailing <c>;</c> tolerated.
    /// </summary>
    internal static bool TryParseMediaType(string value, out string mediaType)
    {
        var semicolon = value.IndexOf(';', StringComparison.Ordinal);
        var baseType = semicolon < 0 ? value : value[..semicolon];
        mediaType = baseType.Trim().ToLowerInvariant();
        if (!IsMediaType(mediaType))
        {
            return false;
        }

        var rest = semicolon < 0 ? ReadOnlySpan<char>.Empty : value.AsSpan(semicolon);
        var seen = new HashSet<string>(StringComparer.Ordinal);
        while (true)
        {
            rest = rest.TrimStart();
            if (rest.IsEmpty)
            {
                return true;
            }
            if (!TryConsumeParameter(ref rest, out var name))
            {
                // Go ignores a trailing semicolon and rejects anything else that is not a parameter.
                return rest.Trim().SequenceEqual(";");
            }
            if (!seen.Add(name))
            {
                return false;
            }
        }
    }

    private static bool IsMediaType(ReadOnlySpan<char> s)
    {
        var type = ConsumeToken(ref s);
        if (type.IsEmpty)
        {
            return false;
        }
        if (s.IsEmpty)
        {
            return true;
        }
        if (s[0] != '/')
        {
            return false;
        }
        s = s[1..];
        var subtype = ConsumeToken(ref s);
        return !subtype.IsEmpty && s.IsEmpty;
    }

    private static bool TryConsumeParameter(ref ReadOnlySpan<char> s, out string name)
    {
        name = string.Empty;
        var v = s.TrimStart();
        if (v.IsEmpty || v[0] != ';')
        {
            return false;
        }
        v = v[1..].TrimStart();
        var token = ConsumeToken(ref v);
        if (token.IsEmpty)
        {
            return false;
        }
        v = v.TrimStart();
        if (v.IsEmpty || v[0] != '=')
        {
            return false;
        }
        v = v[1..].TrimStart();
        if (!TryConsumeValue(ref v))
        {
            return false;
        }
        name = token.ToString().ToLowerInvariant();
        s = v;
        return true;
    }

    private static bool TryConsumeValue(ref ReadOnlySpan<char> s)
    {
        if (s.IsEmpty)
        {
            return false;
        }
        if (s[0] != '"')
        {
            return !ConsumeToken(ref s).IsEmpty;
        }
        for (var i = 1; i < s.Length; i++)
        {
            var c = s[i];
            if (c == '"')
            {
                s = s[(i + 1)..];
                return true;
            }
            if (c == '\\' && i + 1 < s.Length && IsTSpecial(s[i + 1]))
            {
                i++;
                continue;
            }
            if (c is '\r' or '\n')
            {
                return false;
            }
        }
        return false;
    }

    private static ReadOnlySpan<char> ConsumeToken(ref ReadOnlySpan<char> s)
    {
        var n = 0;
        while (n < s.Length && IsTokenChar(s[n]))
        {
            n++;
        }
        var token = s[..n];
        s = s[n..];
        return token;
    }

    private static bool IsTokenChar(char c) => c is > ' ' and < (char)0x7f && !IsTSpecial(c);

    private static bool IsTSpecial(char c) => "()<>@,;:\\\"/[]?=".Contains(c, StringComparison.Ordinal);
}
