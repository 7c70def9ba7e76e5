using System.Text;
using System.Text.Unicode;
using Scraper.Protocol.Model;

namespace Scraper.Protocol.Exposition;

// Label sets: validated while parsing (hot path, no allocation), decoded into strings only on request.
public ref partial struct ExpositionParser
{
    /// <summary>
    /// Parses the label set whose '{' is at <paramref name="pos"/>; returns the index just past its '}', or -1
    /// after recording an error. A quoted string followed by ',' or '}' is the metric name (the UTF-8 syntax
    /// <c>{"my.metric", "label.name"="v"}</c>); exemplar label sets cannot name a metric.
    /// </summary>
    private int ParseLabelSet(int pos, bool isText, bool isExemplar)
    {
        var b = _b;
        var open = pos;
        var seen = 0;
        pos++;
        while (true)
        {
            if (isText)
            {
                pos = ExpositionSyntax.SkipBlanks(b, pos);
            }
            if (pos >= b.Length)
            {
                return FailAt(pos, $"expected label name, got {Describe(pos)}");
            }
            var c = b[pos];
            if (c == (byte)'}')
            {
                break;
            }
            var tokenStart = pos;
            bool quoted;
            if (ExpositionSyntax.IsLabelNameStart(c))
            {
                pos = ExpositionSyntax.ScanLabelName(b, pos);
                quoted = false;
            }
            else if (c == (byte)'"')
            {
                // Unlike label values in Prometheus text, a quoted name never spans lines.
                pos = ExpositionSyntax.ScanQuoted(b, pos, allowNewline: false, ref seen);
                if (pos < 0)
                {
                    return FailAt(tokenStart, "unterminated quoted label name");
                }
                quoted = true;
            }
            else
            {
                return FailAt(pos, $"expected label name, got {Describe(pos)}");
            }

            if (isText)
            {
                pos = ExpositionSyntax.SkipBlanks(b, pos);
            }
            c = pos < b.Length ? b[pos] : (byte)0;
            if (quoted && !isExemplar && c is (byte)',' or (byte)'}')
            {
                if (_nameStart >= 0)
                {
                    return FailAt(tokenStart, $"metric name given twice in label set, second time as {ExpositionSyntax.Quote(b[tokenStart..pos])}");
                }
                _nameStart = tokenStart + 1;
                _nameEnd = pos - 1;
                _nameQuoted = true;
                if (c == (byte)'}')
                {
                    break;
                }
                pos++;
                continue;
            }
            if (c != (byte)'=')
            {
                return FailAt(pos, $"expected \"=\" after label name, got {Describe(pos)}");
            }
            pos++;
            if (isText)
            {
                pos = ExpositionSyntax.SkipBlanks(b, pos);
            }
            if (pos >= b.Length || b[pos] != (byte)'"')
            {
                return FailAt(pos, $"expected label value, got {Describe(pos)}");
            }
            var valueStart = pos;
            pos = ExpositionSyntax.ScanQuoted(b, pos, isText, ref seen);
            if (pos < 0)
            {
                return FailAt(valueStart, isText
                    ? "unterminated label value"
                    : "unterminated label value (OpenMetrics allows no raw line break in it)");
            }
            _labelCount++;

            if (isText)
            {
                // Prometheus text takes a comma as optional between pairs and after the last one.
                pos = ExpositionSyntax.SkipBlanks(b, pos);
                if (pos < b.Length && b[pos] == (byte)',')
                {
                    pos++;
                }
            }
            else if (pos < b.Length && b[pos] == (byte)',')
            {
                pos++;
            }
            else if (pos >= b.Length || b[pos] != (byte)'}')
            {
                return FailAt(pos, $"expected \",\" or \"}}\" after label value, got {Describe(pos)}");
            }
        }

        pos++;
        // Only quoted strings can hold bytes >= 0x80, and their scan saw every byte; Prometheus rejects label
        // values that are not UTF-8.
        if ((seen & 0x80) != 0 && !Utf8.IsValid(b[open..pos]))
        {
            return FailAt(open, isExemplar ? "exemplar label set is not valid UTF-8" : "label set is not valid UTF-8");
        }
        if (!isExemplar)
        {
            _labelsStart = open;
        }
        return pos;
    }

    private int FailAt(int pos, string message)
    {
        Fail(pos, message);
        return -1;
    }

    /// <summary>Checks the series named its metric (outside the braces or as a quoted string inside).</summary>
    private bool CheckSeriesName()
    {
        if (_nameStart < 0)
        {
            Fail(_entryStart, "series has no metric name");
            return false;
        }
        if (_nameEnd == _nameStart)
        {
            Fail(_entryStart, "metric name is empty");
            return false;
        }
        return true;
    }

    /// <summary>
    /// Decodes the current sample's labels, <c>__name__</c> included, into a sorted <see cref="Labels"/> (empty
    /// values dropped, as everywhere in Prometheus). A label name given twice (<c>__name__</c> included) is an
    /// error, as Prometheus rejects such a sample: the method returns false and the parser stops with
    /// <see cref="Error"/> set, so the next <see cref="Next"/> returns <see cref="ExpositionEntry.Error"/>.
    /// Also returns false when the parser has already stopped on an error.
    /// Allocates; call it for series not yet in the cache.
    /// </summary>
    /// <exception cref="InvalidOperationException">The current entry is a metadata line or comment.</exception>
    public bool TryGetLabels(out Labels labels)
    {
        if (!TryDecodeSeriesLabels(out var decoded, out var count))
        {
            labels = Labels.Empty;
            return false;
        }
        labels = Labels.FromSortedUnchecked(DropEmptyValues(decoded, count));
        return true;
    }

    /// <summary>
    /// Like <see cref="TryGetLabels(out Labels)"/>, but writes the labels into <paramref name="builder"/> after
    /// clearing it, for callers that go on to relabel. Returns false on a repeated label name, or when the parser
    /// has already stopped on an error.
    /// </summary>
    /// <exception cref="InvalidOperationException">The current entry is a metadata line or comment.</exception>
    public bool TryGetLabels(LabelsBuilder builder)
    {
        ArgumentNullException.ThrowIfNull(builder);
        builder.Clear();
        if (!TryDecodeSeriesLabels(out var decoded, out var count))
        {
            return false;
        }
        for (var i = 0; i < count; i++)
        {
            builder.Set(decoded[i].Name, decoded[i].Value);
        }
        return true;
    }

    /// <summary>
    /// Decodes the current sample's exemplar, if it has one. Returns false when there is none, when the parser
    /// has stopped on an error, or when the exemplar's label set repeats a name (then the parser stops with
    /// <see cref="Error"/> set, as for series labels).
    /// </summary>
    /// <exception cref="InvalidOperationException">The current entry is a metadata line or comment.</exception>
    public bool TryGetExemplar(out ExpositionExemplar exemplar)
    {
        exemplar = default;
        if (!IsSeriesEntry() || _exemplarStart < 0)
        {
            return false;
        }
        var decoded = new Label[CountPairs(_b[_exemplarStart.._exemplarEnd])];
        var n = DecodePairs(_b[_exemplarStart.._exemplarEnd], decoded, 0);
        if (!SortAndCheckUnique(decoded, n, "exemplar label"))
        {
            return false;
        }
        exemplar = new ExpositionExemplar(
            Labels.FromSortedUnchecked(DropEmptyValues(decoded, n)),
            _exemplarValue,
            _exemplarHasTimestamp ? _exemplarTimestamp : null);
        return true;
    }

    private bool TryDecodeSeriesLabels(out Label[] decoded, out int count)
    {
        if (!IsSeriesEntry())
        {
            decoded = [];
            count = 0;
            return false;
        }
        decoded = new Label[_labelCount + 1];
        decoded[0] = new Label(LabelNames.MetricName, GetMetricName());
        count = 1;
        if (_labelsStart >= 0)
        {
            count = DecodePairs(_b[_labelsStart.._seriesEnd], decoded, 1);
        }
        return SortAndCheckUnique(decoded, count, "label");
    }

    /// <summary>
    /// True on a sample; false once the parser stopped on an error (so a caller that goes on to ask for the
    /// exemplar after a failed label decode gets false, not an exception); throws on any other entry.
    /// </summary>
    private readonly bool IsSeriesEntry() => _entry switch
    {
        ExpositionEntry.Series => true,
        ExpositionEntry.Error => false,
        _ => throw new InvalidOperationException($"The current entry is {_entry}, not a sample."),
    };

    private bool SortAndCheckUnique(Label[] labels, int count, string what)
    {
        Array.Sort(labels, 0, count, LabelNameOrder.Instance);
        for (var i = 1; i < count; i++)
        {
            if (string.Equals(labels[i - 1].Name, labels[i].Name, StringComparison.Ordinal))
            {
                Fail(_entryStart, $"{what} name {ExpositionSyntax.Quote(Encoding.UTF8.GetBytes(labels[i].Name))} is not unique");
                return false;
            }
        }
        return true;
    }

    private static Label[] DropEmptyValues(Label[] sorted, int count)
    {
        var kept = 0;
        for (var i = 0; i < count; i++)
        {
            if (sorted[i].Value.Length != 0)
            {
                kept++;
            }
        }
        if (kept == sorted.Length)
        {
            return sorted;
        }
        var result = new Label[kept];
        var n = 0;
        for (var i = 0; i < count; i++)
        {
            if (sorted[i].Value.Length != 0)
            {
                result[n++] = sorted[i];
            }
        }
        return result;
    }

    /// <summary>Counts the name="value" pairs of an already validated label set.</summary>
    private static int CountPairs(ReadOnlySpan<byte> set)
    {
        var n = 0;
        var pairs = new LabelSetWalker(set);
        while (pairs.MoveNext(out _, out _, out _))
        {
            n++;
        }
        return n;
    }

    /// <summary>Decodes the name="value" pairs of an already validated label set into <paramref name="into"/>.</summary>
    private static int DecodePairs(ReadOnlySpan<byte> set, Label[] into, int n)
    {
        var pairs = new LabelSetWalker(set);
        while (pairs.MoveNext(out var name, out var nameQuoted, out var value))
        {
            var nameString = nameQuoted ? ExpositionSyntax.Unescape(name, unescapeQuote: true) : Encoding.UTF8.GetString(name);
            into[n++] = new Label(nameString, ExpositionSyntax.Unescape(value, unescapeQuote: true));
        }
        return n;
    }

    /// <summary>
    /// Walks the pairs of a label set that <see cref="ParseLabelSet"/> already accepted, so it needs no checks:
    /// skips blanks and commas, and the quoted metric name (a quoted string not followed by '=').
    /// </summary>
    private ref struct LabelSetWalker(ReadOnlySpan<byte> set)
    {
        private readonly ReadOnlySpan<byte> _set = set;
        private int _pos = 1;

        public bool MoveNext(out ReadOnlySpan<byte> name, out bool nameQuoted, out ReadOnlySpan<byte> value)
        {
            var s = _set;
            while (true)
            {
                while (s[_pos] is (byte)' ' or (byte)'\t' or (byte)',')
                {
                    _pos++;
                }
                if (s[_pos] == (byte)'}')
                {
                    name = default;
                    value = default;
                    nameQuoted = false;
                    return false;
                }
                var start = _pos;
                nameQuoted = s[start] == (byte)'"';
                _pos = nameQuoted
                    ? ExpositionSyntax.ScanQuoted(s, start, allowNewline: true)
                    : ExpositionSyntax.ScanLabelName(s, start);
                name = nameQuoted ? s[(start + 1)..(_pos - 1)] : s[start.._pos];
                _pos = ExpositionSyntax.SkipBlanks(s, _pos);
                if (s[_pos] != (byte)'=')
                {
                    continue;
                }
                _pos = ExpositionSyntax.SkipBlanks(s, _pos + 1);
                var valueStart = _pos;
                _pos = ExpositionSyntax.ScanQuoted(s, valueStart, allowNewline: true);
                value = s[(valueStart + 1)..(_pos - 1)];
                return true;
            }
        }
    }

    private sealed class LabelNameOrder : IComparer<Label>
    {
        public static readonly LabelNameOrder Instance = new();

        public int Compare(Label x, Label y) => string.CompareOrdinal(x.Name, y.Name);
    }
}
