using System.Diagnostics.CodeAnalysis;
using System.Globalization;
using System.Text;

namespace Scraper.Protocol.Model;

/// <summary>
/// A size in bytes as Prometheus writes it in configuration (<c>body_size_limit</c>): the base-2 units of
/// alecthomas/units' <c>ParseBase2Bytes</c>, where <c>KB</c> and <c>KiB</c> both mean 1024. Accepted:
/// an optional sign, then one or more <c>&lt;number&gt;&lt;unit&gt;</c> terms that are added up (<c>1MB512KB</c>),
/// numbers may have a fraction (<c>1.5MB</c>, <c>.5KB</c>), units <c>B KB MB GB TB PB EB</c> or
/// <c>B KiB MiB GiB TiB PiB EiB</c> (one family per value), and a bare <c>0</c>. A unit is required otherwise;
/// lower-case units (<c>kB</c>, <c>mb</c>) are rejected. Zero and negative sizes mean "no limit" to Prometheus.
/// </summary>
public readonly record struct ByteSize(long Bytes)
{
    private static readonly (string Unit, long Multiplier)[] Base2Units =
    [
        ("B", 1L), ("KiB", 1L << 10), ("MiB", 1L << 20), ("GiB", 1L << 30), ("TiB", 1L << 40), ("PiB", 1L << 50), ("EiB", 1L << 60),
    ];

    private static readonly (string Unit, long Multiplier)[] LegacyUnits =
    [
        ("B", 1L), ("KB", 1L << 10), ("MB", 1L << 20), ("GB", 1L << 30), ("TB", 1L << 40), ("PB", 1L << 50), ("EB", 1L << 60),
    ];

    private static readonly string[] Prefixes = ["", "K", "M", "G", "T", "P", "E"];

    /// <summary>No size (Prometheus reads it as "no limit").</summary>
    public static ByteSize Zero => default;

    /// <summary>Parses a size such as <c>10MB</c> (10·1024·1024 bytes).</summary>
    /// <exception cref="FormatException">The text is not a size; the message is Prometheus's.</exception>
    public static ByteSize Parse(string text)
    {
        ArgumentNullException.ThrowIfNull(text);
        if (!TryParse(text, out var value, out var error))
        {
            throw new FormatException(error);
        }
        return value;
    }

    /// <summary>Parses a size; false when the text is not one.</summary>
    public static bool TryParse(ReadOnlySpan<char> text, out ByteSize value) => TryParse(text, out value, out _);

    /// <summary>
    /// Parses a size; on failure <paramref name="error"/> carries the reason in the units library's words
    /// (<c>units: invalid X</c>, <c>units: unknown unit U in X</c>, <c>units: overflow parsing unit</c>).
    /// </summary>
    public static bool TryParse(ReadOnlySpan<char> text, out ByteSize value, [NotNullWhen(false)] out string? error)
    {
        // ParseBase2Bytes tries the IEC spelling first and, failing that, the legacy one; its error is the second's.
        if (TryParseUnits(text, Base2Units, out var bytes, out error) || TryParseUnits(text, LegacyUnits, out bytes, out error))
        {
            value = new ByteSize(bytes);
            return true;
        }
        value = default;
        return false;
    }

    /// <summary>
    /// Formats the size the way Prometheus prints a <c>Base2Bytes</c>: IEC units, largest first, zero terms
    /// left out (<c>10MiB</c>, <c>1KiB512B</c>, <c>0B</c>). The result parses back to the same value.
    /// </summary>
    public static string Format(ByteSize value)
    {
        var n = value.Bytes;
        var terms = new string?[Prefixes.Length];
        for (var i = 0; i < Prefixes.Length; i++)
        {
            if (n % 1024 != 0 || (i == 0 && n == 0))
            {
                var suffix = i == 0 ? "B" : "iB";
                terms[Prefixes.Length - 1 - i] = (n % 1024).ToString(CultureInfo.InvariantCulture) + Prefixes[i] + suffix;
            }
            n /= 1024;
            if (n == 0)
            {
                break;
            }
        }
        var sb = new StringBuilder();
        foreach (var term in terms)
        {
            sb.Append(term);
        }
        return sb.ToString();
    }

    /// <inheritdoc cref="Format(ByteSize)"/>
    public override string ToString() => Format(this);

    // A port of alecthomas/units ParseUnit: [-+]?([0-9]*(\.[0-9]*)?[a-zA-Z]+)+ summed in floating point.
    private static bool TryParseUnits(ReadOnlySpan<char> original, (string Unit, long Multiplier)[] units, out long bytes, [NotNullWhen(false)] out string? error)
    {
        bytes = 0;
        var s = original;
        var negative = false;
        if (!s.IsEmpty && s[0] is '-' or '+')
        {
            negative = s[0] == '-';
            s = s[1..];
        }
        if (s is "0")
        {
            error = null;
            return true;
        }
        if (s.IsEmpty)
        {
            error = $"units: invalid {original}";
            return false;
        }

        var total = 0.0;
        while (!s.IsEmpty)
        {
            if (!(s[0] == '.' || char.IsAsciiDigit(s[0])))
            {
                error = $"units: invalid {original}";
                return false;
            }
            var before = s.Length;
            if (!TryLeadingInt(ref s, out var whole))
            {
                error = $"units: invalid {original}";
                return false;
            }
            var term = (double)whole;
            var hasWhole = before != s.Length;
            var hasFraction = false;
            if (!s.IsEmpty && s[0] == '.')
            {
                s = s[1..];
                var fractionStart = s.Length;
                if (!TryLeadingInt(ref s, out var fraction))
                {
                    error = $"units: invalid {original}";
                    return false;
                }
                var scale = 1.0;
                for (var k = fractionStart - s.Length; k > 0; k--)
                {
                    scale *= 10;
                }
                term += fraction / scale;
                hasFraction = fractionStart != s.Length;
            }
            if (!hasWhole && !hasFraction)
            {
                error = $"units: invalid {original}";
                return false;
            }

            var unitLength = 0;
            while (unitLength < s.Length && !(s[unitLength] == '.' || char.IsAsciiDigit(s[unitLength])))
            {
                unitLength++;
            }
            var unit = s[..unitLength];
            s = s[unitLength..];
            var multiplier = 0L;
            foreach (var (name, m) in units)
            {
                if (unit.SequenceEqual(name))
                {
                    multiplier = m;
                    break;
                }
            }
            if (multiplier == 0)
            {
                error = $"units: unknown unit {unit} in {original}";
                return false;
            }
            total += term * multiplier;
        }

        if (negative)
        {
            total = -total;
        }
        // The units library compares against float64(1<<63 - 1), which rounds to 2^63; we saturate there.
        const double Limit = 9223372036854775808.0;
        if (total < -Limit || total > Limit)
        {
            error = "units: overflow parsing unit";
            return false;
        }
        bytes = total >= Limit ? long.MaxValue : (long)total;
        error = null;
        return true;
    }

    private static bool TryLeadingInt(ref ReadOnlySpan<char> s, out long value)
    {
        value = 0;
        var i = 0;
        for (; i < s.Length && char.IsAsciiDigit(s[i]); i++)
        {
            if (value >= (long.MaxValue - 9) / 10)
            {
                return false;
            }
            value = (value * 10) + (s[i] - '0');
        }
        s = s[i..];
        return true;
    }
}
