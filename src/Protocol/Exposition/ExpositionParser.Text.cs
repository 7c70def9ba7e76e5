namespace Scraper.Protocol.Exposition;

// Prometheus text format 0.0.4, with the acceptance rules of Prometheus's promlex/promparse: spaces and tabs
// between any two tokens, blank lines and free comments, a missing final line break, a trailing comma and no
// comma at all between label pairs, integer-millisecond timestamps only.
public ref partial struct ExpositionParser
{
    private ExpositionEntry NextText()
    {
        var b = _b;
        while (true)
        {
            var pos = _pos;
            if (pos >= b.Length)
            {
                return ExpositionEntry.End;
            }
            _entryStart = pos;
            var c = b[pos];
            var indented = false;
            if (c is (byte)' ' or (byte)'\t')
            {
                pos = ExpositionSyntax.SkipBlanks(b, pos);
                if (pos >= b.Length)
                {
                    _pos = pos;
                    return ExpositionEntry.End;
                }
                c = b[pos];
                indented = true;
            }
            if (c == (byte)'\n')
            {
                _pos = pos + 1;
                continue;
            }
            if (c == (byte)'#')
            {
                return TextCommentOrMetadata(pos);
            }
            if (ExpositionSyntax.IsMetricNameStart(c) || c == (byte)'{')
            {
                if (indented)
                {
                    // Prometheus takes the indentation into the metric name and then rejects the name.
                    return Fail(_entryStart, "unexpected whitespace before metric name");
                }
                return TextSeries(pos);
            }
            return Fail(pos, $"expected metric name or comment, got {Describe(pos)}");
        }
    }

    private ExpositionEntry TextSeries(int pos)
    {
        var b = _b;
        _nameStart = -1;
        _nameQuoted = false;
        _labelCount = 0;
        if (b[pos] != (byte)'{')
        {
            var end = ExpositionSyntax.ScanMetricName(b, pos);
            _nameStart = pos;
            _nameEnd = end;
            _seriesEnd = end;
            pos = ExpositionSyntax.SkipBlanks(b, end);
        }
        if (pos < b.Length && b[pos] == (byte)'{')
        {
            pos = ParseLabelSet(pos, isText: true, isExemplar: false);
            if (pos < 0)
            {
                return ExpositionEntry.Error;
            }
            _seriesEnd = pos;
            if (!CheckSeriesName())
            {
                return ExpositionEntry.Error;
            }
            pos = ExpositionSyntax.SkipBlanks(b, pos);
        }

        var rel = pos < b.Length ? b[pos..].IndexOfAny(ExpositionSyntax.TextValueEnd) : 0;
        var valueEnd = rel < 0 ? b.Length : pos + rel;
        if (valueEnd == pos)
        {
            return Fail(pos, $"expected value after metric, got {Describe(pos)}");
        }
        var status = ExpositionNumbers.ParseFloat(b[pos..valueEnd], out _value);
        if (status != FloatParseStatus.Ok)
        {
            return FailValue(pos, valueEnd, "value", status);
        }

        pos = ExpositionSyntax.SkipBlanks(b, valueEnd);
        if (pos < b.Length && ExpositionSyntax.IsDigit(b[pos]))
        {
            var tsStart = pos;
            var digits = b[pos..].IndexOfAnyExceptInRange((byte)'0', (byte)'9');
            pos = digits < 0 ? b.Length : pos + digits;
            if (!ExpositionNumbers.TryParseDigits(b[tsStart..pos], out _timestamp))
            {
                return FailValue(tsStart, pos, "timestamp", FloatParseStatus.OutOfRange);
            }
            _hasTimestamp = true;
            pos = ExpositionSyntax.SkipBlanks(b, pos);
            if (pos < b.Length && b[pos] != (byte)'\n')
            {
                return Fail(pos, $"expected end of line after timestamp, got {Describe(pos)}");
            }
        }
        else if (pos < b.Length && b[pos] != (byte)'\n')
        {
            return Fail(pos, $"expected timestamp or end of line after value, got {Describe(pos)}");
        }
        _pos = pos + 1;
        return ExpositionEntry.Series;
    }

    private ExpositionEntry TextCommentOrMetadata(int hash)
    {
        var b = _b;
        var lineEndRel = b[hash..].IndexOf((byte)'\n');
        var lineEnd = lineEndRel < 0 ? b.Length : hash + lineEndRel;
        _pos = lineEnd + 1;

        var pos = hash + 1;
        if (pos < lineEnd && b[pos] is (byte)' ' or (byte)'\t')
        {
            pos = ExpositionSyntax.SkipBlanks(b, pos);
            var rest = b[pos..lineEnd];
            var isHelp = rest.StartsWith("HELP"u8);
            if ((isHelp || rest.StartsWith("TYPE"u8)) && rest.Length > 4 && rest[4] is (byte)' ' or (byte)'\t')
            {
                return TextMetadata(ExpositionSyntax.SkipBlanks(b, pos + 5), lineEnd, isHelp);
            }
        }
        _textStart = hash;
        _textEnd = lineEnd;
        return ExpositionEntry.Comment;
    }

    private ExpositionEntry TextMetadata(int pos, int lineEnd, bool isHelp)
    {
        var b = _b;
        var keyword = isHelp ? "HELP" : "TYPE";
        if (!ParseFamilyName(pos, keyword, out var nameEnd))
        {
            return ExpositionEntry.Error;
        }
        // Prometheus's lexer takes the rest of the line and drops its first character (the separator); a rest of
        // only blanks is empty text.
        _textStart = b[nameEnd..lineEnd].IndexOfAnyExcept((byte)' ', (byte)'\t') < 0 ? lineEnd : nameEnd + 1;
        _textEnd = lineEnd;

        if (isHelp)
        {
            if (!System.Text.Unicode.Utf8.IsValid(HelpRaw))
            {
                return Fail(_textStart, "HELP text is not valid UTF-8");
            }
            return ExpositionEntry.Help;
        }
        var text = b[_textStart.._textEnd];
        var type = ParseType(text, openMetrics: false);
        if (type is null)
        {
            return Fail(_textStart, $"invalid metric type {ExpositionSyntax.Quote(text)} (expected counter, gauge, histogram, summary or untyped)");
        }
        _type = type.Value;
        return ExpositionEntry.Type;
    }

    /// <summary>Reads the (plain or quoted) family name of a metadata line into _nameStart.._nameEnd.</summary>
    private bool ParseFamilyName(int pos, string keyword, out int nameEnd)
    {
        var b = _b;
        nameEnd = pos;
        if (pos < b.Length && ExpositionSyntax.IsMetricNameStart(b[pos]))
        {
            nameEnd = ExpositionSyntax.ScanMetricName(b, pos);
            _nameStart = pos;
            _nameEnd = nameEnd;
            return true;
        }
        if (pos < b.Length && b[pos] == (byte)'"')
        {
            // Unlike label values in Prometheus text, a quoted name never spans lines.
            nameEnd = ExpositionSyntax.ScanQuoted(b, pos, allowNewline: false);
            if (nameEnd < 0)
            {
                Fail(pos, $"unterminated quoted metric name after {keyword}");
                return false;
            }
            _nameStart = pos + 1;
            _nameEnd = nameEnd - 1;
            return true;
        }
        Fail(pos, $"expected metric name after {keyword}, got {Describe(pos)}");
        return false;
    }
}
