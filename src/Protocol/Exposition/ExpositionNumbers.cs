using System.Buffers;
using System.Globalization;

namespace Scraper.Protocol.Exposition;

/// <summary>Outcome of <see cref="ExpositionNumbers.ParseFloat"/>.</summary>
internal enum FloatParseStatus
{
    Ok,
    InvalidSyntax,
    OutOfRange,
    UnsupportedCharacter,
}

/// <summary>
/// Number parsing with the rules Prometheus applies to sample values and timestamps: Go's
/// <c>strconv.ParseFloat(s, 64)</c> restricted to the pre-Go-1.13 forms (no <c>p</c>/<c>P</c> exponents,
/// no <c>_</c> digit separators, so no hex floats), and <c>strconv.ParseInt</c> for text-format timestamps.
/// </summary>
internal static class ExpositionNumbers
{
    /// <summary>The NaN bit pattern Prometheus stores for a scraped NaN (value.NormalNaN); distinct from the stale marker.</summary>
    public const ulong NormalNaNBits = 0x7ff8000000000001;

    /// <summary>Largest integer every smaller one of which a double holds exactly.</summary>
    private const ulong MaxExactMantissa = 1UL << 53;

    /// <summary>Go caps the exponent it accumulates at this; larger ones are over/underflow either way.</summary>
    private const int MaxExponentDigitsValue = 100_000;

    // 10^0..10^22 are exact doubles, so m * 10^e or m / 10^e is one correctly rounded operation (Clinger's fast path).
    private static readonly double[] ExactPowersOfTen =
    [
        1e0, 1e1, 1e2, 1e3, 1e4, 1e5, 1e6, 1e7, 1e8, 1e9, 1e10, 1e11,
        1e12, 1e13, 1e14, 1e15, 1e16, 1e17, 1e18, 1e19, 1e20, 1e21, 1e22,
    ];

    private static readonly SearchValues<byte> Unsupported = SearchValues.Create("pP_"u8);

    /// <summary>The NaN Prometheus stores for a scraped NaN.</summary>
    public static double NormalNaN => BitConverter.UInt64BitsToDouble(NormalNaNBits);

    /// <summary>
    /// Parses <paramref name="s"/> as Go's ParseFloat would (decimal forms, <c>Inf</c>/<c>Infinity</c> with an
    /// optional sign and <c>NaN</c> without one, case-insensitive). Overflow is <see cref="FloatParseStatus.OutOfRange"/>
    /// as in Go; underflow rounds to zero without error.
    /// </summary>
    public static FloatParseStatus ParseFloat(ReadOnlySpan<byte> s, out double value)
    {
        var status = ParseDecimalOrSpecial(s, out value);
        // Prometheus rejects these before asking Go (which would accept hex floats and digit separators); none of
        // them can be in a spelling that parsed, so the check only decides which error to report.
        return status == FloatParseStatus.InvalidSyntax && s.IndexOfAny(Unsupported) >= 0
            ? FloatParseStatus.UnsupportedCharacter
            : status;
    }

    private static FloatParseStatus ParseDecimalOrSpecial(ReadOnlySpan<byte> s, out double value)
    {
        value = 0;
        if (s.IsEmpty)
        {
            return FloatParseStatus.InvalidSyntax;
        }

        var i = 0;
        var negative = false;
        if (s[0] is (byte)'+' or (byte)'-')
        {
            negative = s[0] == (byte)'-';
            i = 1;
        }
        if (i < s.Length && (s[i] | 0x20) is (byte)'i' or (byte)'n')
        {
            return ParseSpecial(s, i, negative, out value);
        }

        ulong mantissa = 0;
        var significantDigits = 0;
        var fractionDigits = 0;
        var droppedIntegerDigits = 0;
        var truncated = false;
        var sawDigit = false;
        var sawDot = false;
        for (; i < s.Length; i++)
        {
            var c = s[i];
            var d = (uint)(c - '0');
            if (d <= 9)
            {
                sawDigit = true;
                if (mantissa == 0 && d == 0)
                {
                    // Leading zeros carry no precision; after the dot they still scale the value.
                    if (sawDot)
                    {
                        fractionDigits++;
                    }
                    continue;
                }
                if (significantDigits < 19)
                {
                    mantissa = (mantissa * 10) + d;
                    significantDigits++;
                    if (sawDot)
                    {
                        fractionDigits++;
                    }
                }
                else
                {
                    truncated |= d != 0;
                    if (!sawDot)
                    {
                        droppedIntegerDigits++;
                    }
                }
                continue;
            }
            if (c == (byte)'.' && !sawDot)
            {
                sawDot = true;
                continue;
            }
            break;
        }
        if (!sawDigit)
        {
            return FloatParseStatus.InvalidSyntax;
        }

        var exponent = 0;
        if (i < s.Length && (s[i] | 0x20) == (byte)'e')
        {
            i++;
            var exponentNegative = false;
            if (i < s.Length && s[i] is (byte)'+' or (byte)'-')
            {
                exponentNegative = s[i] == (byte)'-';
                i++;
            }
            if (i >= s.Length || (uint)(s[i] - '0') > 9)
            {
                return FloatParseStatus.InvalidSyntax;
            }
            for (; i < s.Length && (uint)(s[i] - '0') <= 9; i++)
            {
                if (exponent < MaxExponentDigitsValue)
                {
                    exponent = (exponent * 10) + (s[i] - '0');
                }
            }
            if (exponentNegative)
            {
                exponent = -exponent;
            }
        }
        if (i != s.Length)
        {
            return FloatParseStatus.InvalidSyntax;
        }

        if (mantissa == 0)
        {
            value = negative ? -0.0 : 0.0;
            return FloatParseStatus.Ok;
        }
        var scale = exponent - fractionDigits + droppedIntegerDigits;
        if (!truncated && mantissa <= MaxExactMantissa && scale is >= -22 and <= 22)
        {
            var v = (double)mantissa;
            v = scale < 0 ? v / ExactPowersOfTen[-scale] : v * ExactPowersOfTen[scale];
            value = negative ? -v : v;
            return FloatParseStatus.Ok;
        }

        // The syntax is already checked to be a subset of what .NET accepts; .NET rounds correctly (IEEE) like Go.
        if (!double.TryParse(s, NumberStyles.Float, CultureInfo.InvariantCulture, out value))
        {
            return FloatParseStatus.InvalidSyntax;
        }
        return double.IsInfinity(value) ? FloatParseStatus.OutOfRange : FloatParseStatus.Ok;
    }

    private static FloatParseStatus ParseSpecial(ReadOnlySpan<byte> s, int start, bool negative, out double value)
    {
        var rest = s[start..];
        if (EqualsIgnoreAsciiCase(rest, "inf"u8) || EqualsIgnoreAsciiCase(rest, "infinity"u8))
        {
            value = negative ? double.NegativeInfinity : double.PositiveInfinity;
            return FloatParseStatus.Ok;
        }
        // Go accepts a sign only in front of Inf, never in front of NaN.
        if (start == 0 && EqualsIgnoreAsciiCase(rest, "nan"u8))
        {
            value = NormalNaN;
            return FloatParseStatus.Ok;
        }
        value = 0;
        return FloatParseStatus.InvalidSyntax;
    }

    private static bool EqualsIgnoreAsciiCase(ReadOnlySpan<byte> s, ReadOnlySpan<byte> lowerCase)
    {
        if (s.Length != lowerCase.Length)
        {
            return false;
        }
        for (var i = 0; i < s.Length; i++)
        {
            if ((s[i] | 0x20) != lowerCase[i])
            {
                return false;
            }
        }
        return true;
    }

    /// <summary>Parses a run of ASCII digits as a non-negative int64; false on overflow (Go's "value out of range").</summary>
    public static bool TryParseDigits(ReadOnlySpan<byte> digits, out long value)
    {
        long v = 0;
        foreach (var c in digits)
        {
            var d = c - '0';
            if (v > (long.MaxValue - d) / 10)
            {
                value = 0;
                return false;
            }
            v = (v * 10) + d;
        }
        value = v;
        return true;
    }

    /// <summary>The message Prometheus's error carries for a failed float parse, in our words.</summary>
    public static string Describe(FloatParseStatus status) => status switch
    {
        FloatParseStatus.OutOfRange => "value out of range",
        FloatParseStatus.UnsupportedCharacter => "unsupported character in float (hex floats and '_' are not allowed)",
        _ => "not a number",
    };
}
