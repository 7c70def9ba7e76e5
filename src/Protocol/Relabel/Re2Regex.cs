using System.Globalization;
using System.Text;
using System.Text.RegularExpressions;

namespace Scraper.Protocol.Relabel;

/// <summary>
/// A .NET regex compiled from RE2 (Go <c>regexp</c>) syntax, with Go's group numbering. Every capture group
/// is emitted as an explicitly numbered .NET group, so group <c>n</c> is the n-th opening parenthesis as in
/// Go (plain .NET numbers named groups after unnamed ones), and the Go names are kept beside it.
/// </summary>
/// <remarks>
/// It runs on .NET's backtracking interpreter: that engine's leftmost-first search is exactly Go's match
/// and submatch semantics, it is built in microseconds, and it matches a typical relabel pattern in well
/// under a microsecond. The NonBacktracking engine gives RE2's linear-time guarantee but costs ~20 ms and
/// ~900 KB per pattern with a long literal prefix (every <c>__meta_kubernetes_...</c> rule) and is ~10x slower
/// at captures. So each match gets <see cref="BacktrackingBudget"/>; a pattern that exceeds it (only
/// pathological ones like <c>(a+)+b</c> do) is switched for good to a NonBacktracking twin built on demand.
/// Callers use <see cref="IsMatchBounded"/> and <see cref="MatchBounded"/>.
/// </remarks>
internal sealed class Re2Regex : Regex
{
    /// <summary>Longest a single backtracking match may run before the pattern moves to the linear engine.</summary>
    public static readonly TimeSpan BacktrackingBudget = TimeSpan.FromMilliseconds(100);

    private const RegexOptions BacktrackingOptions = RegexOptions.CultureInvariant;
    private const RegexOptions LinearOptions = RegexOptions.NonBacktracking | RegexOptions.CultureInvariant;

    // Index = group number; [0] is the whole match and has no name.
    private readonly string?[] _names;
    private readonly string _dotnetPattern;
    private Regex? _linear;

    private Re2Regex(string dotnetPattern, string?[] names, string re2Pattern)
        : base(dotnetPattern, BacktrackingOptions, BacktrackingBudget)
    {
        _names = names;
        _dotnetPattern = dotnetPattern;
        Re2Pattern = re2Pattern;
    }

    /// <summary>The pattern as written in the configuration.</summary>
    public string Re2Pattern { get; }

    /// <summary>Number of capture groups, not counting the whole match.</summary>
    public int SubexpCount => _names.Length - 1;

    /// <summary>True once a match ran over budget and this pattern moved to the linear-time engine.</summary>
    public bool UsesLinearEngine => Volatile.Read(ref _linear) is not null;

    /// <summary>The number of the first group called <paramref name="name"/>, or -1 (Go's lookup order).</summary>
    public int GroupNumberOf(ReadOnlySpan<char> name)
    {
        for (var i = 1; i < _names.Length; i++)
        {
            if (_names[i] is { } n && name.SequenceEqual(n))
            {
                return i;
            }
        }
        return -1;
    }

    /// <summary>IsMatch, on the linear engine once the backtracking one has run over budget.</summary>
    public bool IsMatchBounded(ReadOnlySpan<char> input)
    {
        var linear = Volatile.Read(ref _linear);
        if (linear is null)
        {
            try
            {
                return IsMatch(input);
            }
            catch (RegexMatchTimeoutException)
            {
                linear = Linear();
            }
        }
        return linear.IsMatch(input);
    }

    /// <summary>Match, on the linear engine once the backtracking one has run over budget.</summary>
    public Match MatchBounded(string input)
    {
        var linear = Volatile.Read(ref _linear);
        if (linear is null)
        {
            try
            {
                return Match(input);
            }
            catch (RegexMatchTimeoutException)
            {
                linear = Linear();
            }
        }
        return linear.Match(input);
    }

    private Regex Linear()
    {
        Regex built;
        try
        {
            built = new Regex(_dotnetPattern, LinearOptions);
        }
        catch (NotSupportedException)
        {
            // The translator only emits constructs both engines know; should that ever fail, finish the
            // match on the backtracking engine without a budget rather than give a wrong answer.
            built = new Regex(_dotnetPattern, BacktrackingOptions, InfiniteMatchTimeout);
        }
        return Interlocked.CompareExchange(ref _linear, built, null) ?? built;
    }

    /// <summary>
    /// Compiles <paramref name="pattern"/> anchored as Prometheus 2.42 anchors it: <c>^(?:pattern)$</c>, where
    /// Go's <c>$</c> is the end of the text. Without the <c>s</c> flag <c>.</c> does not match a newline.
    /// </summary>
    /// <exception cref="ArgumentException">The pattern is not valid RE2, or uses what .NET cannot express.</exception>
    public static Re2Regex CompileAnchored(string pattern)
    {
        var names = new List<string?> { null };
        var body = new Translator(pattern, names).Run();
        try
        {
            return new Re2Regex("^(?:" + body + @")\z", [.. names], pattern);
        }
        catch (ArgumentException e)
        {
            throw new ArgumentException("error parsing regexp: " + e.Message, nameof(pattern), e);
        }
    }

    /// <summary>
    /// Rewrites RE2 syntax into the .NET dialect: ASCII-only <c>\d \w \s</c> and POSIX classes, Go's
    /// <c>$</c> (end of text unless multi-line), <c>(?P&lt;name&gt;</c>, <c>\Q..\E</c>, <c>\x{..}</c>, octal
    /// escapes; rejects what Go 1.19 rejects with Go's wording.
    /// </summary>
    private sealed class Translator(string p, List<string?> names)
    {
        private const string Digit = "0-9";
        private const string Word = "0-9A-Za-z_";
        private const string Space = @"\t\n\f\r ";

        private readonly StringBuilder _sb = new(p.Length + 16);
        private readonly Stack<bool> _multilineStack = new();
        private bool _multiline;

        public string Run()
        {
            var i = 0;
            while (i < p.Length)
            {
                var c = p[i];
                switch (c)
                {
                    case '\\':
                        i = Escape(i, inClass: false);
                        break;
                    case '[':
                        i = Class(i);
                        break;
                    case '(':
                        _multilineStack.Push(_multiline);
                        if (i + 1 < p.Length && p[i + 1] == '?')
                        {
                            i = Group(i);
                        }
                        else
                        {
                            names.Add(null);
                            _sb.Append("(?<").Append((names.Count - 1).ToString(CultureInfo.InvariantCulture)).Append('>');
                            i++;
                        }
                        break;
                    case ')':
                        if (_multilineStack.Count == 0)
                        {
                            throw Error("unexpected )", p);
                        }
                        _multiline = _multilineStack.Pop();
                        _sb.Append(')');
                        i++;
                        break;
                    case '$':
                        // Go's $ is the end of the text (\z) unless (?m) is on; .NET's would also match before a final \n.
                        _sb.Append(_multiline ? "$" : @"\z");
                        i++;
                        break;
                    default:
                        _sb.Append(c);
                        i++;
                        break;
                }
            }
            if (_multilineStack.Count != 0)
            {
                throw Error("missing closing )", p);
            }
            return _sb.ToString();
        }

        private int Group(int start)
        {
            var j = start + 2;
            if (j < p.Length && p[j] == 'P')
            {
                if (j + 1 < p.Length && p[j + 1] == '<')
                {
                    var end = p.IndexOf('>', j + 2);
                    if (end < 0)
                    {
                        throw Error("invalid named capture", p[start..]);
                    }
                    var name = p[(j + 2)..end];
                    if (!IsCaptureName(name))
                    {
                        throw Error("invalid named capture", p[start..(end + 1)]);
                    }
                    names.Add(name);
                    _sb.Append("(?<").Append((names.Count - 1).ToString(CultureInfo.InvariantCulture)).Append('>');
                    return end + 1;
                }
                throw Error("invalid or unsupported Perl syntax", p[start..Math.Min(p.Length, j + 2)]);
            }
            var negated = false;
            var sawFlag = false;
            var sawAny = false;
            var multiline = _multiline;
            for (; j < p.Length; j++)
            {
                var f = p[j];
                switch (f)
                {
                    case 'i' or 's':
                        sawFlag = sawAny = true;
                        continue;
                    case 'm':
                        multiline = !negated;
                        sawFlag = sawAny = true;
                        continue;
                    case 'U':
                        throw new ArgumentException("error parsing regexp: the ungreedy flag U is not supported: `" + p[start..(j + 1)] + "`");
                    case '-' when !negated:
                        negated = true;
                        sawFlag = false;
                        sawAny = true;
                        continue;
                    case ':' or ')' when !negated || sawFlag:
                        if (f == ')')
                        {
                            // A bare flag group opens nothing: its flags hold to the end of the enclosing group.
                            _multilineStack.Pop();
                            if (sawAny)
                            {
                                _sb.Append(p, start, j - start + 1);
                            }
                        }
                        else
                        {
                            _sb.Append(p, start, j - start + 1);
                        }
                        _multiline = multiline;
                        return j + 1;
                    default:
                        throw Error("invalid or unsupported Perl syntax", p[start..(j + 1)]);
                }
            }
            throw Error("missing closing )", p);
        }

        private int Class(int start)
        {
            var j = start + 1;
            _sb.Append('[');
            if (j < p.Length && p[j] == '^')
            {
                _sb.Append('^');
                j++;
            }
            if (j < p.Length && p[j] == ']')
            {
                // A ']' right after the opening bracket is a literal in RE2.
                _sb.Append(@"\]");
                j++;
            }
            while (j < p.Length && p[j] != ']')
            {
                var c = p[j];
                if (c == '[' && j + 1 < p.Length && p[j + 1] == ':')
                {
                    var end = p.IndexOf(":]", j + 2, StringComparison.Ordinal);
                    if (end >= 0)
                    {
                        _sb.Append(Posix(p[j..(end + 2)]));
                        j = end + 2;
                        continue;
                    }
                }
                if (c == '\\')
                {
                    j = Escape(j, inClass: true);
                    continue;
                }
                // .NET reads "-[" inside a class as subtraction; RE2 has none, so '[' is a plain char.
                _sb.Append(c == '[' ? @"\[" : c.ToString());
                j++;
            }
            if (j >= p.Length)
            {
                throw Error("missing closing ]", p[start..]);
            }
            _sb.Append(']');
            return j + 1;
        }

        private static string Posix(string cls) => cls switch
        {
            "[:alnum:]" => "0-9A-Za-z",
            "[:alpha:]" => "A-Za-z",
            "[:ascii:]" => @"\x00-\x7F",
            "[:blank:]" => @"\t ",
            "[:cntrl:]" => @"\x00-\x1F\x7F",
            "[:digit:]" => Digit,
            "[:graph:]" => "!-~",
            "[:lower:]" => "a-z",
            "[:print:]" => " -~",
            "[:punct:]" => @"!-/:-@\[-`{-~",
            "[:space:]" => @"\t\n\v\f\r ",
            "[:upper:]" => "A-Z",
            "[:word:]" => Word,
            "[:xdigit:]" => "0-9A-Fa-f",
            _ when cls.StartsWith("[:^", StringComparison.Ordinal) =>
                throw new ArgumentException("error parsing regexp: negated POSIX classes are not supported: `" + cls + "`"),
            _ => throw Error("invalid character class range", cls),
        };

        private int Escape(int start, bool inClass)
        {
            if (start + 1 >= p.Length)
            {
                throw Error("trailing backslash at end of expression", "");
            }
            var e = p[start + 1];
            var next = start + 2;
            switch (e)
            {
                case 'd': _sb.Append(inClass ? Digit : "[" + Digit + "]"); return next;
                case 'D': _sb.Append(inClass ? @"\D" : "[^" + Digit + "]"); return next;
                case 'w': _sb.Append(inClass ? Word : "[" + Word + "]"); return next;
                case 'W': _sb.Append(inClass ? @"\W" : "[^" + Word + "]"); return next;
                case 's': _sb.Append(inClass ? Space : "[" + Space + "]"); return next;
                case 'S': _sb.Append(inClass ? @"\S" : "[^" + Space + "]"); return next;
                case 'p' or 'P':
                    if (next < p.Length && p[next] == '{')
                    {
                        var end = p.IndexOf('}', next);
                        if (end < 0)
                        {
                            throw Error("invalid character class range", p[start..]);
                        }
                        _sb.Append(p, start, end - start + 1);
                        return end + 1;
                    }
                    if (next >= p.Length)
                    {
                        throw Error("invalid character class range", p[start..]);
                    }
                    _sb.Append('\\').Append(e).Append('{').Append(p[next]).Append('}');
                    return next + 1;
                case 'Q':
                    {
                        var end = p.IndexOf(@"\E", next, StringComparison.Ordinal);
                        var literal = end < 0 ? p[next..] : p[next..end];
                        foreach (var ch in literal)
                        {
                            AppendLiteral(ch);
                        }
                        return end < 0 ? p.Length : end + 2;
                    }
                case 'x':
                    if (next < p.Length && p[next] == '{')
                    {
                        var end = p.IndexOf('}', next);
                        if (end < 0 || !int.TryParse(p.AsSpan((next + 1)..end), NumberStyles.AllowHexSpecifier, CultureInfo.InvariantCulture, out var cp)
                            || cp > 0x10FFFF || cp is >= 0xD800 and <= 0xDFFF)
                        {
                            throw Error("invalid escape sequence", p[start..Math.Min(p.Length, end < 0 ? p.Length : end + 1)]);
                        }
                        foreach (var ch in char.ConvertFromUtf32(cp))
                        {
                            AppendLiteral(ch);
                        }
                        return end + 1;
                    }
                    _sb.Append(p, start, Math.Min(4, p.Length - start));
                    return Math.Min(p.Length, start + 4);
                case '0' or '1' or '2' or '3' or '4' or '5' or '6' or '7':
                    {
                        // Go reads \0, \0NN and \NN (N octal) as octal; a lone \1..\7 is a backreference it rejects.
                        if (e != '0' && (next >= p.Length || p[next] is < '0' or > '7'))
                        {
                            throw Error("invalid escape sequence", p[start..next]);
                        }
                        var value = e - '0';
                        var k = next;
                        while (k < p.Length && k < start + 4 && p[k] is >= '0' and <= '7')
                        {
                            value = (value * 8) + (p[k] - '0');
                            k++;
                        }
                        AppendLiteral((char)value);
                        return k;
                    }
                case 'a' or 'f' or 't' or 'n' or 'r' or 'v' or 'A' or 'z' or 'b' or 'B':
                    _sb.Append('\\').Append(e);
                    return next;
                default:
                    if (e < 0x80 && !char.IsAsciiLetterOrDigit(e))
                    {
                        _sb.Append('\\').Append(e);
                        return next;
                    }
                    throw Error("invalid escape sequence", p[start..next]);
            }
        }

        private void AppendLiteral(char ch)
        {
            if (char.IsAsciiLetterOrDigit(ch) || ch == '_')
            {
                _sb.Append(ch);
            }
            else
            {
                _sb.Append(@"\u").Append(((int)ch).ToString("X4", CultureInfo.InvariantCulture));
            }
        }

        private static bool IsCaptureName(string name)
        {
            if (name.Length == 0)
            {
                return false;
            }
            foreach (var c in name)
            {
                if (!char.IsAsciiLetterOrDigit(c) && c != '_')
                {
                    return false;
                }
            }
            return true;
        }

        private static ArgumentException Error(string code, string expr) =>
            new("error parsing regexp: " + code + ": `" + expr + "`");
    }
}
