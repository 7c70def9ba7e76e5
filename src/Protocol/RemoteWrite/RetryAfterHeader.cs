using System.Globalization;

namespace Scraper.Protocol.RemoteWrite;

/// <summary>
/// Reads a <c>Retry-After</c> value (RFC 9110 §10.2.3): either delay-seconds or an HTTP-date. Like Prometheus,
/// a value that cannot be used (absent, malformed, zero, or a date already past) yields no delay, and the
/// sender falls back to its exponential backoff.
/// </summary>
public static class RetryAfterHeader
{
    // IMF-fixdate first; RFC 850 and asctime are the obsolete forms recipients must still accept.
    private static readonly string[] HttpDateFormats =
    [
        "ddd, dd MMM yyyy HH':'mm':'ss 'GMT'",
        "dddd, dd'-'MMM'-'yy HH':'mm':'ss 'GMT'",
        "ddd MMM d HH':'mm':'ss yyyy",
    ];

    /// <summary>
    /// The delay <paramref name="value"/> asks for, measured from <paramref name="now"/>; false when there is no
    /// usable positive delay.
    /// </summary>
    public static bool TryParse(string? value, DateTimeOffset now, out TimeSpan delay)
    {
        delay = TimeSpan.Zero;
        if (string.IsNullOrWhiteSpace(value))
        {
            return false;
        }
        var text = value.AsSpan().Trim();
        if (long.TryParse(text, NumberStyles.None, CultureInfo.InvariantCulture, out var seconds))
        {
            // Clamp absurd values instead of overflowing TimeSpan; a day is already far beyond any sane backoff.
            delay = TimeSpan.FromSeconds(Math.Min(seconds, (long)TimeSpan.FromDays(1).TotalSeconds));
            return delay > TimeSpan.Zero;
        }
        if (DateTimeOffset.TryParseExact(text, HttpDateFormats, CultureInfo.InvariantCulture,
                DateTimeStyles.AllowInnerWhite | DateTimeStyles.AssumeUniversal, out var date))
        {
            delay = date - now;
            return delay > TimeSpan.Zero;
        }
        return false;
    }
}
