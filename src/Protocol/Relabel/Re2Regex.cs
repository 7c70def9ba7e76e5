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
    /// Rewrites RE2 syntax into the .NET dialect: ASCII-only <c>\d \w \s</c> and POSIX classes (negated ones
    /// as explicit complements), Go's <c>$</c> (end of text unless multi-line), the <c>U</c> (ungreedy) flag,
    /// <c>(?P&lt;name&gt;</c>, <c>\Q..\E</c>, <c>\x{..}</c>, octal escapes; and rejects what Go 1.19 rejects,
    /// with Go's message and the fragment Go quotes (the whole expression as anchored, where Go quotes it).
    /// </summary>
    /// <remarks>
    /// One difference is left: .NET matches UTF-16 units, so a single <c>.</c> or class matches half of a
    /// character outside the Basic Multilingual Plane (an emoji), where Go matches the whole rune.
    /// </remarks>
    private sealed class Translator(string p, List<string?> names)
    {
        private const int MaxRepeat = 1000;

        private static readonly (int Lo, int Hi)[] DigitRanges = [('0', '9')];
        private static readonly (int Lo, int Hi)[] WordRanges = [('0', '9'), ('A', 'Z'), ('_', '_'), ('a', 'z')];
        private static readonly (int Lo, int Hi)[] SpaceRanges = [('\t', '\n'), ('\f', '\r'), (' ', ' ')];

        private readonly StringBuilder _sb = new(p.Length + 16);
        private readonly Stack<Flags> _stack = new();
        private Flags _flags;

        // Whether the previous item can take a repetition, and where a repetition just written began (-1: none).
        private bool _canRepeat;
        private int _lastRepeat = -1;

        private enum EscapeKind
        {
            Char,
            Set,
            Quoted,
            Raw,
        }

        private string Anchored => "^(?:" + p + ")$";

        public string Run()
        {
            var i = 0;
            while (i < p.Length)
            {
                var c = p[i];
                var repeatStart = -1;
                switch (c)
                {
                    case '\\':
                        i = EscapeOutsideClass(i);
                        _canRepeat = true;
                        break;
                    case '[':
                        i = Class(i);
                        _canRepeat = true;
                        break;
                    case '(':
                        _stack.Push(_flags);
                        i = i + 1 < p.Length && p[i + 1] == '?' ? Group(i) : Capture(i);
                        _canRepeat = false;
                        break;
                    case ')':
                        if (_stack.Count == 0)
                        {
                            throw Error("unexpected )", Anchored);
                        }
                        _flags = _stack.Pop();
                        _sb.Append(')');
                        i++;
                        _canRepeat = true;
                        break;
                    case '|':
                        _sb.Append('|');
                        i++;
                        _canRepeat = false;
                        break;
                    case '*' or '+' or '?':
                        repeatStart = i;
                        i = Repeat(i, i + 1);
                        break;
                    case '{' when TryRepeatCount(i, out var end):
                        repeatStart = i;
                        i = Repeat(i, end);
                        break;
                    case '$':
                        // Go's $ is the end of the text (\z) unless (?m) is on; .NET's would also match before a final \n.
                        _sb.Append(_flags.Multiline ? "$" : @"\z");
                        i++;
                        _canRepeat = true;
                        break;
                    case '^' or '.':
                        _sb.Append(c);
                        i++;
                        _canRepeat = true;
                        break;
                    default:
                        AppendLiteral(_sb, c);
                        i++;
                        _canRepeat = true;
                        break;
                }
                _lastRepeat = repeatStart;
            }
            if (_stack.Count != 0)
            {
                throw Error("missing closing )", Anchored);
            }
            return _sb.ToString();
        }

        private int Capture(int start)
        {
            names.Add(null);
            _sb.Append("(?<").Append((names.Count - 1).ToString(CultureInfo.InvariantCulture)).Append('>');
            return start + 1;
        }

        /// <summary>A repetition operator from <paramref name="start"/> to before <paramref name="end"/>, plus its lazy '?'.</summary>
        private int Repeat(int start, int end)
        {
            var lazy = end < p.Length && p[end] == '?';
            var opEnd = lazy ? end + 1 : end;
            if (_lastRepeat >= 0)
            {
                // Perl and Go reject stacked repetitions (a**); .NET would read a++ as possessive.
                throw Error("invalid nested repetition operator", p[_lastRepeat..opEnd]);
            }
            if (!_canRepeat)
            {
                throw Error("missing argument to repetition operator", p[start..end]);
            }
            _sb.Append(p, start, end - start);
            if (lazy != _flags.Ungreedy)
            {
                _sb.Append('?');
            }
            return opEnd;
        }

        /// <summary>True for {n}, {n,} or {n,m} at <paramref name="start"/>; anything else is a literal '{' in Go.</summary>
        private bool TryRepeatCount(int start, out int end)
        {
            end = start;
            var close = p.IndexOf('}', start);
            if (close < 0)
            {
                return false;
            }
            var body = p.AsSpan((start + 1)..close);
            var comma = body.IndexOf(',');
            var minText = comma < 0 ? body : body[..comma];
            var maxText = comma < 0 ? body : body[(comma + 1)..];
            if (minText.IsEmpty || !IsDigits(minText) || (!maxText.IsEmpty && !IsDigits(maxText)))
            {
                return false;
            }
            end = close + 1;
            var min = ParseCount(minText);
            var max = comma >= 0 && maxText.IsEmpty ? -1 : ParseCount(maxText);
            if (min > MaxRepeat || max > MaxRepeat || (max >= 0 && max < min))
            {
                throw Error("invalid repeat count", p[start..end]);
            }
            return true;

            static bool IsDigits(ReadOnlySpan<char> s)
            {
                foreach (var ch in s)
                {
                    if (!char.IsAsciiDigit(ch))
                    {
                        return false;
                    }
                }
                return true;
            }

            static int ParseCount(ReadOnlySpan<char> s) =>
                s.Length > 4 ? int.MaxValue : int.Parse(s, NumberStyles.None, CultureInfo.InvariantCulture);
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
                        throw Error("invalid named capture", p[start..] + ")$");
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
                throw Error("invalid or unsupported Perl syntax", p[start..(j + 1)]);
            }
            var negated = false;
            var sawFlag = false;
            var flags = _flags;
            var dotnetFlags = new StringBuilder();
            for (; j < p.Length; j++)
            {
                var f = p[j];
                switch (f)
                {
                    case 'i' or 's':
                        dotnetFlags.Append(f);
                        sawFlag = true;
                        continue;
                    case 'm':
                        flags = flags with { Multiline = !negated };
                        dotnetFlags.Append(f);
                        sawFlag = true;
                        continue;
                    case 'U':
                        // .NET has no ungreedy flag: the translator swaps lazy and greedy repetitions instead.
                        flags = flags with { Ungreedy = !negated };
                        sawFlag = true;
                        continue;
                    case '-' when !negated:
                        negated = true;
                        sawFlag = false;
                        dotnetFlags.Append('-');
                        continue;
                    case ':' or ')' when !negated || sawFlag:
                        var written = dotnetFlags.ToString().TrimEnd('-');
                        if (f == ')')
                        {
                            // A bare flag group opens nothing: its flags hold to the end of the enclosing group.
                            _stack.Pop();
                            if (written.Length != 0)
                            {
                                _sb.Append("(?").Append(written).Append(')');
                            }
                        }
                        else
                        {
                            _sb.Append("(?").Append(written).Append(':');
                        }
                        _flags = flags;
                        return j + 1;
                    default:
                        throw Error("invalid or unsupported Perl syntax", p[start..(j + 1)]);
                }
            }
            throw Error("missing closing )", Anchored);
        }

        private int EscapeOutsideClass(int start)
        {
            var e = Escape(start, out var next);
            switch (e.Kind)
            {
                case EscapeKind.Char:
                    AppendCodePoint(_sb, e.CodePoint);
                    break;
                case EscapeKind.Set:
                    _sb.Append('[');
                    AppendRanges(_sb, e.Ranges!, e.Negated);
                    _sb.Append(']');
                    break;
                case EscapeKind.Quoted:
                    foreach (var ch in e.Text!)
                    {
                        AppendLiteral(_sb, ch);
                    }
                    break;
                default:
                    _sb.Append(e.Text);
                    break;
            }
            return next;
        }

        private int Class(int start)
        {
            var j = start + 1;
            var cls = new StringBuilder("[");
            if (j < p.Length && p[j] == '^')
            {
                cls.Append('^');
                j++;
            }
            var first = true;
            while (j < p.Length && (p[j] != ']' || first))
            {
                // A ']' right after the opening bracket is a literal in RE2.
                first = false;
                var itemStart = j;
                if (p[j] == '[' && j + 1 < p.Length && p[j + 1] == ':')
                {
                    var end = p.IndexOf(":]", j + 2, StringComparison.Ordinal);
                    if (end >= 0)
                    {
                        var (ranges, negated) = Posix(p[j..(end + 2)]);
                        AppendRanges(cls, ranges, negated);
                        j = end + 2;
                        continue;
                    }
                }
                if (!ClassChar(start, ref j, cls, out var lo))
                {
                    continue;
                }
                if (j + 1 < p.Length && p[j] == '-' && p[j + 1] != ']')
                {
                    j++;
                    if (!ClassChar(start, ref j, null, out var hi) || hi < lo)
                    {
                        throw Error("invalid character class range", p[itemStart..j]);
                    }
                    cls.Append('-');
                    AppendCodePoint(cls, hi);
                }
            }
            if (j >= p.Length)
            {
                throw Error("missing closing ]", p[start..] + ")$");
            }
            _sb.Append(cls).Append(']');
            return j + 1;
        }

        /// <summary>
        /// One class item at <paramref name="j"/>: a single character (written to <paramref name="cls"/> and
        /// returned in <paramref name="codePoint"/>, true) or a set such as \d (written, false).
        /// </summary>
        private bool ClassChar(int classStart, ref int j, StringBuilder? cls, out int codePoint)
        {
            codePoint = 0;
            if (p[j] == '\\')
            {
                if (j + 1 >= p.Length)
                {
                    // Anchored, the backslash escapes the closing parenthesis and the class never closes.
                    throw Error("missing closing ]", p[classStart..] + ")$");
                }
                var e = Escape(j, out var next);
                var text = p[j..next];
                j = next;
                switch (e.Kind)
                {
                    case EscapeKind.Char:
                        codePoint = e.CodePoint;
                        if (cls is not null)
                        {
                            AppendCodePoint(cls, codePoint);
                        }
                        return true;
                    case EscapeKind.Set when cls is not null:
                        AppendRanges(cls, e.Ranges!, e.Negated);
                        return false;
                    case EscapeKind.Quoted when cls is not null:
                        foreach (var ch in e.Text!)
                        {
                            AppendCodePoint(cls, ch);
                        }
                        return false;
                    case EscapeKind.Raw when cls is not null && e.Text!.StartsWith(@"\p", StringComparison.OrdinalIgnoreCase):
                        cls.Append(e.Text);
                        return false;
                    case EscapeKind.Raw:
                        // \A, \z, \b, \B mean nothing inside a class.
                        throw Error("invalid escape sequence", text);
                    default:
                        return false;
                }
            }
            if (char.IsHighSurrogate(p[j]) && j + 1 < p.Length && char.IsLowSurrogate(p[j + 1]))
            {
                codePoint = char.ConvertToUtf32(p[j], p[j + 1]);
                j += 2;
            }
            else
            {
                codePoint = p[j];
                j++;
            }
            if (cls is not null)
            {
                AppendCodePoint(cls, codePoint);
            }
            return true;
        }

        private EscapeResult Escape(int start, out int next)
        {
            if (start + 1 >= p.Length)
            {
                // Anchored, a trailing backslash escapes the closing parenthesis Prometheus adds.
                throw Error("missing closing )", Anchored);
            }
            var e = p[start + 1];
            next = start + 2;
            switch (e)
            {
                case 'd': return new(EscapeKind.Set, Ranges: DigitRanges);
                case 'D': return new(EscapeKind.Set, Ranges: DigitRanges, Negated: true);
                case 'w': return new(EscapeKind.Set, Ranges: WordRanges);
                case 'W': return new(EscapeKind.Set, Ranges: WordRanges, Negated: true);
                case 's': return new(EscapeKind.Set, Ranges: SpaceRanges);
                case 'S': return new(EscapeKind.Set, Ranges: SpaceRanges, Negated: true);
                case 'p' or 'P':
                    {
                        if (next < p.Length && p[next] == '{')
                        {
                            var end = p.IndexOf('}', next);
                            if (end < 0)
                            {
                                throw Error("invalid character class range", p[start..] + ")$");
                            }
                            next = end + 1;
                            return new(EscapeKind.Raw, Text: p[start..next]);
                        }
                        if (next >= p.Length)
                        {
                            throw Error("invalid character class range", p[start..] + ")$");
                        }
                        next++;
                        return new(EscapeKind.Raw, Text: "\\" + e + "{" + p[next - 1] + "}");
                    }
                case 'Q':
                    {
                        var end = p.IndexOf(@"\E", next, StringComparison.Ordinal);
                        if (end < 0)
                        {
                            // \Q runs to the end of the anchored text and swallows its closing parenthesis.
                            throw Error("missing closing )", Anchored);
                        }
                        var literal = p[next..end];
                        next = end + 2;
                        return new(EscapeKind.Quoted, Text: literal);
                    }
                case 'x':
                    {
                        if (next < p.Length && p[next] == '{')
                        {
                            var end = p.IndexOf('}', next);
                            if (end < 0 || end == next + 1
                                || !int.TryParse(p.AsSpan((next + 1)..end), NumberStyles.AllowHexSpecifier, CultureInfo.InvariantCulture, out var cp)
                                || cp > 0x10FFFF)
                            {
                                throw Error("invalid escape sequence", p[start..(end < 0 ? p.Length : end + 1)]);
                            }
                            next = end + 1;
                            return new(EscapeKind.Char, CodePoint: cp);
                        }
                        if (next + 1 < p.Length && char.IsAsciiHexDigit(p[next]) && char.IsAsciiHexDigit(p[next + 1]))
                        {
                            next += 2;
                            return new(EscapeKind.Char, CodePoint: int.Parse(p.AsSpan(next - 2, 2), NumberStyles.AllowHexSpecifier, CultureInfo.InvariantCulture));
                        }
                        throw Error("invalid escape sequence", p[start..Math.Min(p.Length, next + 2)]);
                    }
                case '0' or '1' or '2' or '3' or '4' or '5' or '6' or '7':
                    {
                        // Go reads \0, \0NN and \NN (N octal) as octal; a lone \1..\7 is a backreference it rejects.
                        if (e != '0' && (next >= p.Length || p[next] is < '0' or > '7'))
                        {
                            throw Error("invalid escape sequence", p[start..next]);
                        }
                        var value = e - '0';
                        while (next < p.Length && next < start + 4 && p[next] is >= '0' and <= '7')
                        {
                            value = (value * 8) + (p[next] - '0');
                            next++;
                        }
                        return new(EscapeKind.Char, CodePoint: value);
                    }
                case 'a': return new(EscapeKind.Char, CodePoint: '\a');
                case 'f': return new(EscapeKind.Char, CodePoint: '\f');
                case 't': return new(EscapeKind.Char, CodePoint: '\t');
                case 'n': return new(EscapeKind.Char, CodePoint: '\n');
                case 'r': return new(EscapeKind.Char, CodePoint: '\r');
                case 'v': return new(EscapeKind.Char, CodePoint: '\v');
                case 'A' or 'z' or 'b' or 'B':
                    return new(EscapeKind.Raw, Text: "\\" + e);
                default:
                    if (e < 0x80 && !char.IsAsciiLetterOrDigit(e))
                    {
                        return new(EscapeKind.Char, CodePoint: e);
                    }
                    throw Error("invalid escape sequence", p[start..next]);
            }
        }

        private static ((int Lo, int Hi)[] Ranges, bool Negated) Posix(string cls)
        {
            var negated = cls.StartsWith("[:^", StringComparison.Ordinal);
            var name = negated ? cls[3..^2] : cls[2..^2];
            (int, int)[] ranges = name switch
            {
                "alnum" => [('0', '9'), ('A', 'Z'), ('a', 'z')],
                "alpha" => [('A', 'Z'), ('a', 'z')],
                "ascii" => [(0, 0x7F)],
                "blank" => [('\t', '\t'), (' ', ' ')],
                "cntrl" => [(0, 0x1F), (0x7F, 0x7F)],
                "digit" => [('0', '9')],
                "graph" => [('!', '~')],
                "lower" => [('a', 'z')],
                "print" => [(' ', '~')],
                "punct" => [('!', '/'), (':', '@'), ('[', '`'), ('{', '~')],
                "space" => [('\t', '\r'), (' ', ' ')],
                "upper" => [('A', 'Z')],
                "word" => [('0', '9'), ('A', 'Z'), ('_', '_'), ('a', 'z')],
                "xdigit" => [('0', '9'), ('A', 'F'), ('a', 'f')],
                _ => throw Error("invalid character class range", cls),
            };
            return (ranges, negated);
        }

        /// <summary>Writes ASCII ranges into a class body; a negated set as its explicit complement up to U+FFFF.</summary>
        private static void AppendRanges(StringBuilder sb, (int Lo, int Hi)[] ranges, bool negated)
        {
            if (!negated)
            {
                foreach (var (lo, hi) in ranges)
                {
                    AppendRange(sb, lo, hi);
                }
                return;
            }
            var from = 0;
            foreach (var (lo, hi) in ranges)
            {
                if (lo > from)
                {
                    AppendRange(sb, from, lo - 1);
                }
                from = hi + 1;
            }
            AppendRange(sb, from, 0xFFFF);
        }

        private static void AppendRange(StringBuilder sb, int lo, int hi)
        {
            AppendCodePoint(sb, lo);
            if (hi != lo)
            {
                sb.Append('-');
                AppendCodePoint(sb, hi);
            }
        }

        private static void AppendCodePoint(StringBuilder sb, int cp)
        {
            if (cp >= 0x10000)
            {
                foreach (var ch in char.ConvertFromUtf32(cp))
                {
                    sb.Append(@"\u").Append(((int)ch).ToString("X4", CultureInfo.InvariantCulture));
                }
                return;
            }
            AppendLiteral(sb, (char)cp);
        }

        private static void AppendLiteral(StringBuilder sb, char ch)
        {
            if (char.IsAsciiLetterOrDigit(ch) || ch == '_')
            {
                sb.Append(ch);
            }
            else
            {
                sb.Append(@"\u").Append(((int)ch).ToString("X4", CultureInfo.InvariantCulture));
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

        private record struct Flags(bool Multiline, bool Ungreedy);

        private readonly record struct EscapeResult(EscapeKind Kind, int CodePoint = 0, (int Lo, int Hi)[]? Ranges = null, bool Negated = false, string? Text = null);
    }
}
