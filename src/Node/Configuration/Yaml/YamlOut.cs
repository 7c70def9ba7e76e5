using System.Globalization;
using System.Text;
using System.Text.RegularExpressions;

namespace Scraper.Node.Configuration.Yaml;

/// <summary>
/// A small YAML emitter producing the layout of Go's yaml.v2 (what Prometheus prints on
/// <c>/api/v1/status/config</c>): two-space indentation, sequences at their key's indentation, strings plain
/// unless they would read back as something else.
/// </summary>
internal static partial class YamlOut
{
    /// <summary>An ordered mapping under construction.</summary>
    public sealed class Map
    {
        public List<(string Key, object Value)> Entries { get; } = [];

        public bool IsEmpty => Entries.Count == 0;

        /// <summary>A string value, quoted when needed.</summary>
        public Map Str(string key, string value)
        {
            Entries.Add((key, value));
            return this;
        }

        /// <summary>A string value, left out when empty (Go's omitempty).</summary>
        public Map StrOmitEmpty(string key, string? value) => string.IsNullOrEmpty(value) ? this : Str(key, value);

        public Map Bool(string key, bool value) => Raw(key, value ? "true" : "false");

        public Map Int(string key, long value) => Raw(key, value.ToString(CultureInfo.InvariantCulture));

        public Map IntOmitZero(string key, long value) => value == 0 ? this : Int(key, value);

        public Map Raw(string key, string literal)
        {
            Entries.Add((key, new RawScalar(literal)));
            return this;
        }

        public Map Child(string key, Map value)
        {
            Entries.Add((key, value));
            return this;
        }

        public Map ChildOmitEmpty(string key, Map value) => value.IsEmpty ? this : Child(key, value);

        public Map Seq(string key, IEnumerable<object> items)
        {
            Entries.Add((key, items.ToList()));
            return this;
        }

        public Map SeqOmitEmpty(string key, IReadOnlyCollection<object> items) => items.Count == 0 ? this : Seq(key, items);

        /// <summary>A sequence of strings written inline, as <c>[a, b]</c> (relabel <c>source_labels</c>).</summary>
        public Map Flow(string key, IEnumerable<string> items)
        {
            Entries.Add((key, new FlowList([.. items])));
            return this;
        }
    }

    private sealed record RawScalar(string Text);

    private sealed record FlowList(List<string> Items);

    public static string Render(Map map)
    {
        var sb = new StringBuilder();
        RenderMap(sb, map, 0);
        return sb.ToString();
    }

    private static void RenderMap(StringBuilder sb, Map map, int indent)
    {
        var pad = new string(' ', indent);
        foreach (var (key, value) in map.Entries)
        {
            sb.Append(pad).Append(Quote(key, flow: false)).Append(':');
            switch (value)
            {
                case string s:
                    sb.Append(' ').Append(Quote(s, flow: false)).Append('\n');
                    break;
                case RawScalar raw:
                    sb.Append(' ').Append(raw.Text).Append('\n');
                    break;
                case FlowList flow:
                    sb.Append(" [").AppendJoin(", ", flow.Items.Select(i => Quote(i, flow: true))).Append("]\n");
                    break;
                case Map child when child.IsEmpty:
                    sb.Append(" {}\n");
                    break;
                case Map child:
                    sb.Append('\n');
                    RenderMap(sb, child, indent + 2);
                    break;
                case List<object> { Count: 0 }:
                    sb.Append(" []\n");
                    break;
                case List<object> items:
                    sb.Append('\n');
                    RenderSeq(sb, items, indent);
                    break;
                default:
                    throw new InvalidOperationException($"cannot render {value.GetType().Name}");
            }
        }
    }

    private static void RenderSeq(StringBuilder sb, List<object> items, int indent)
    {
        var pad = new string(' ', indent);
        foreach (var item in items)
        {
            switch (item)
            {
                case string s:
                    sb.Append(pad).Append("- ").Append(Quote(s, flow: false)).Append('\n');
                    break;
                case Map { IsEmpty: true }:
                    sb.Append(pad).Append("- {}\n");
                    break;
                case Map map:
                    {
                        // The first key goes on the dash's line; the others line up under it.
                        var inner = new StringBuilder();
                        RenderMap(inner, map, indent + 2);
                        sb.Append(pad).Append("- ").Append(inner, indent + 2, inner.Length - indent - 2);
                        break;
                    }
                default:
                    throw new InvalidOperationException($"cannot render {item.GetType().Name} in a sequence");
            }
        }
    }

    /// <summary>The string as a plain scalar when it reads back as the same string, otherwise double-quoted.</summary>
    public static string Quote(string s, bool flow)
    {
        return NeedsQuotes(s, flow) ? DoubleQuoted(s) : s;
    }

    private static bool NeedsQuotes(string s, bool flow)
    {
        if (s.Length == 0 || ResolvesToNonString(s))
        {
            return true;
        }
        if ("-?:,[]{}#&*!|>'\"%@`".Contains(s[0], StringComparison.Ordinal) || s[0] == ' ' || s[^1] == ' ' || s[^1] == ':')
        {
            return true;
        }
        if (s.Contains(": ", StringComparison.Ordinal) || s.Contains(" #", StringComparison.Ordinal))
        {
            return true;
        }
        foreach (var c in s)
        {
            if (char.IsControl(c) || c == '\uFEFF' || (flow && c is ',' or '[' or ']' or '{' or '}'))
            {
                return true;
            }
        }
        return false;
    }

    private static bool ResolvesToNonString(string s) =>
        s is "~" or "null" or "Null" or "NULL" or "<<"
            or "y" or "Y" or "yes" or "Yes" or "YES" or "n" or "N" or "no" or "No" or "NO"
            or "true" or "True" or "TRUE" or "false" or "False" or "FALSE"
            or "on" or "On" or "ON" or "off" or "Off" or "OFF"
            or ".inf" or ".Inf" or ".INF" or "+.inf" or "+.Inf" or "+.INF" or "-.inf" or "-.Inf" or "-.INF"
            or ".nan" or ".NaN" or ".NAN"
        || new YamlScalar(0, 0, s, plain: true).TryGetInteger(out _)
        || FloatPattern().IsMatch(s)
        || TimestampPattern().IsMatch(s);

    private static string DoubleQuoted(string s)
    {
        var sb = new StringBuilder(s.Length + 2).Append('"');
        foreach (var c in s)
        {
            switch (c)
            {
                case '"':
                    sb.Append("\\\"");
                    break;
                case '\\':
                    sb.Append("\\\\");
                    break;
                case '\n':
                    sb.Append("\\n");
                    break;
                case '\t':
                    sb.Append("\\t");
                    break;
                case '\r':
                    sb.Append("\\r");
                    break;
                default:
                    if (char.IsControl(c) || c == '\uFEFF')
                    {
                        sb.Append("\\u").Append(((int)c).ToString("X4", CultureInfo.InvariantCulture));
                    }
                    else
                    {
                        sb.Append(c);
                    }
                    break;
            }
        }
        return sb.Append('"').ToString();
    }

    [GeneratedRegex(@"^[-+]?(\.[0-9]+|[0-9]+(\.[0-9]*)?)([eE][-+]?[0-9]+)?$")]
    private static partial Regex FloatPattern();

    [GeneratedRegex(@"^[0-9]{4}-[0-9]{1,2}-[0-9]{1,2}")]
    private static partial Regex TimestampPattern();
}
