using System.Globalization;

namespace Scraper.Node.Configuration.Yaml;

/// <summary>
/// A scalar. Plain (unquoted, untagged) scalars resolve by YAML 1.1 rules as Go's yaml.v2 resolves them:
/// <c>~</c>/<c>null</c>/empty are null, <c>yes</c>/<c>on</c>/<c>true</c>/<c>y</c> ... are booleans, numbers are
/// numbers; quoted scalars are always strings.
/// </summary>
internal sealed class YamlScalar(int line, int column, string value, bool plain) : YamlNode(line, column)
{
    private static readonly HashSet<string> TrueWords = new(StringComparer.Ordinal)
    {
        "y", "Y", "yes", "Yes", "YES", "true", "True", "TRUE", "on", "On", "ON",
    };

    private static readonly HashSet<string> FalseWords = new(StringComparer.Ordinal)
    {
        "n", "N", "no", "No", "NO", "false", "False", "FALSE", "off", "Off", "OFF",
    };

    public string Value { get; } = value;

    /// <summary>True for an unquoted scalar without an explicit tag: only those resolve to null, bool or numbers.</summary>
    public bool IsPlain { get; } = plain;

    public bool IsNull => IsPlain && Value is "" or "~" or "null" or "Null" or "NULL";

    public override string KindName =>
        IsNull ? "!!null" : TryGetBool(out _) ? "!!bool" : TryGetInteger(out _) ? "!!int" : LooksLikeFloat() ? "!!float" : "!!str";

    public bool TryGetBool(out bool value)
    {
        value = false;
        if (!IsPlain)
        {
            return false;
        }
        if (TrueWords.Contains(Value))
        {
            value = true;
            return true;
        }
        return FalseWords.Contains(Value);
    }

    /// <summary>Integers as yaml.v2 reads them: decimal, <c>0x</c>, <c>0o</c>/leading-zero octal, <c>0b</c>, underscores, a sign.</summary>
    public bool TryGetInteger(out Int128 value)
    {
        value = 0;
        if (!IsPlain || Value.Length == 0)
        {
            return false;
        }
        var s = Value.Replace("_", string.Empty, StringComparison.Ordinal);
        var negative = false;
        if (s.Length > 0 && s[0] is '+' or '-')
        {
            negative = s[0] == '-';
            s = s[1..];
        }
        if (s.Length == 0)
        {
            return false;
        }
        int radix;
        if (s.StartsWith("0x", StringComparison.OrdinalIgnoreCase))
        {
            radix = 16;
            s = s[2..];
        }
        else if (s.StartsWith("0b", StringComparison.OrdinalIgnoreCase))
        {
            radix = 2;
            s = s[2..];
        }
        else if (s.StartsWith("0o", StringComparison.OrdinalIgnoreCase))
        {
            radix = 8;
            s = s[2..];
        }
        else if (s.Length > 1 && s[0] == '0')
        {
            radix = 8;
            s = s[1..];
        }
        else
        {
            radix = 10;
        }
        // 30 digits in any radix stay well inside Int128, so the range checks of callers see the true value.
        if (s.Length == 0 || s.Length > 30)
        {
            return false;
        }
        Int128 result = 0;
        foreach (var c in s)
        {
            var digit = c switch
            {
                >= '0' and <= '9' => c - '0',
                >= 'a' and <= 'f' => c - 'a' + 10,
                >= 'A' and <= 'F' => c - 'A' + 10,
                _ => 99,
            };
            if (digit >= radix)
            {
                return false;
            }
            result = (result * radix) + digit;
        }
        value = negative ? -result : result;
        return true;
    }

    private bool LooksLikeFloat() =>
        IsPlain && (Value is ".inf" or ".Inf" or ".INF" or "+.inf" or "-.inf" or ".nan" or ".NaN" or ".NAN"
            || (double.TryParse(Value, NumberStyles.Float, CultureInfo.InvariantCulture, out _) && Value.Any(char.IsAsciiDigit)));
}
