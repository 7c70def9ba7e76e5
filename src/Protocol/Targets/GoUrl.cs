using System.Collections.Immutable;
using System.Text;

namespace Scraper.Protocol.Targets;

/// <summary>
/// The pieces of Go's net and net/url that Prometheus uses to build a target: SplitHostPort, and
/// url.URL{Scheme, Host, Path, RawQuery}.String() with url.Values.Encode() for the query.
/// </summary>
internal static class GoUrl
{
    private enum Mode
    {
        Host,
        Path,
        QueryComponent,
    }

    /// <summary>Go's net.SplitHostPort, reduced to whether it succeeds.</summary>
    public static bool CanSplitHostPort(string hostport)
    {
        var i = hostport.LastIndexOf(':');
        if (i < 0)
        {
            return false;
        }
        int j = 0, k = 0;
        if (hostport[0] == '[')
        {
            var end = hostport.IndexOf(']', StringComparison.Ordinal);
            if (end < 0 || end + 1 != i)
            {
                return false;
            }
            j = 1;
            k = end + 1;
        }
        else if (hostport.AsSpan(0, i).Contains(':'))
        {
            return false;
        }
        return !hostport.AsSpan(j).Contains('[') && !hostport.AsSpan(k).Contains(']');
    }

    /// <summary>url.URL{Scheme, Host, Path, RawQuery}.String() as Go 1.19 writes it.</summary>
    public static string Build(string scheme, string host, string path, string rawQuery)
    {
        var sb = new StringBuilder(scheme.Length + host.Length + path.Length + rawQuery.Length + 8);
        if (scheme.Length != 0)
        {
            sb.Append(scheme).Append(':');
        }
        if (scheme.Length != 0 || host.Length != 0)
        {
            if (host.Length != 0 || path.Length != 0)
            {
                sb.Append("//");
            }
            if (host.Length != 0)
            {
                Escape(sb, host, Mode.Host);
            }
        }
        var escapedPath = new StringBuilder();
        if (path == "*")
        {
            escapedPath.Append('*');
        }
        else
        {
            Escape(escapedPath, path, Mode.Path);
        }
        if (escapedPath.Length != 0 && escapedPath[0] != '/' && host.Length != 0)
        {
            sb.Append('/');
        }
        if (sb.Length == 0)
        {
            // RFC 3986 4.2: a first segment with a colon would read as a scheme.
            var p = escapedPath.ToString();
            var slash = p.IndexOf('/', StringComparison.Ordinal);
            if ((slash < 0 ? p : p[..slash]).Contains(':', StringComparison.Ordinal))
            {
                sb.Append("./");
            }
        }
        sb.Append(escapedPath);
        if (rawQuery.Length != 0)
        {
            sb.Append('?').Append(rawQuery);
        }
        return sb.ToString();
    }

    /// <summary>url.Values.Encode(): keys sorted by bytes, each value as key=value, QueryEscape'd, joined by '&amp;'.</summary>
    public static string EncodeQuery(SortedDictionary<string, ImmutableArray<string>> values)
    {
        var sb = new StringBuilder();
        foreach (var (key, list) in values)
        {
            if (list.IsDefaultOrEmpty)
            {
                continue;
            }
            foreach (var v in list)
            {
                if (sb.Length > 0)
                {
                    sb.Append('&');
                }
                Escape(sb, key, Mode.QueryComponent);
                sb.Append('=');
                Escape(sb, v, Mode.QueryComponent);
            }
        }
        return sb.ToString();
    }

    /// <summary>Orders strings by their UTF-8 bytes (code point order), as Go's sort.Strings does.</summary>
    public static readonly IComparer<string> ByteOrder = Comparer<string>.Create(static (a, b) =>
    {
        var n = Math.Min(a.Length, b.Length);
        for (var i = 0; i < n; i++)
        {
            if (a[i] != b[i])
            {
                return Rank(a[i]).CompareTo(Rank(b[i]));
            }
        }
        return a.Length.CompareTo(b.Length);

        // UTF-16 order differs from code point order only for surrogates against U+E000..U+FFFF.
        static int Rank(char c) => char.IsSurrogate(c) ? c + 0x10000 : c;
    });

    private static void Escape(StringBuilder sb, string s, Mode mode)
    {
        Span<byte> utf8 = stackalloc byte[4];
        foreach (var rune in s.EnumerateRunes())
        {
            var n = rune.EncodeToUtf8(utf8);
            for (var i = 0; i < n; i++)
            {
                var c = utf8[i];
                if (c == ' ' && mode == Mode.QueryComponent)
                {
                    sb.Append('+');
                }
                else if (ShouldEscape(c, mode))
                {
                    sb.Append('%').Append("0123456789ABCDEF"[c >> 4]).Append("0123456789ABCDEF"[c & 15]);
                }
                else
                {
                    sb.Append((char)c);
                }
            }
        }
    }

    /// <summary>Go's net/url shouldEscape for the three modes a target URL uses.</summary>
    private static bool ShouldEscape(byte c, Mode mode)
    {
        if (c is (>= (byte)'a' and <= (byte)'z') or (>= (byte)'A' and <= (byte)'Z') or (>= (byte)'0' and <= (byte)'9'))
        {
            return false;
        }
        if (mode == Mode.Host && c is (byte)'!' or (byte)'$' or (byte)'&' or (byte)'\'' or (byte)'(' or (byte)')' or (byte)'*'
                or (byte)'+' or (byte)',' or (byte)';' or (byte)'=' or (byte)':' or (byte)'[' or (byte)']' or (byte)'<'
                or (byte)'>' or (byte)'"')
        {
            return false;
        }
        switch (c)
        {
            case (byte)'-' or (byte)'_' or (byte)'.' or (byte)'~':
                return false;
            case (byte)'$' or (byte)'&' or (byte)'+' or (byte)',' or (byte)'/' or (byte)':' or (byte)';' or (byte)'='
                or (byte)'?' or (byte)'@':
                return mode switch
                {
                    Mode.Path => c == '?',
                    Mode.QueryComponent => true,
                    _ => true,
                };
            default:
                return true;
        }
    }
}
