using Scraper.Protocol.Model;

namespace Scraper.Protocol.Exposition;

// OpenMetrics 1.0 text, with the acceptance rules of Prometheus's openmetricsparse: exactly one space between
// tokens, every line ends with a line break, no blank lines and no comments but HELP/TYPE/UNIT, the body ends
// with "# EOF" (and an optional line break) and nothing after it, float-second timestamps, exemplars on
// counter totals and histogram buckets.
public ref partial struct ExpositionParser
{
    private ExpositionEntry NextOpenMetrics()
    {
        var b = _b;
        var pos = _pos;
        _entryStart = pos;
        if (pos >= b.Length)
        {
            return Fail(pos, "data does not end with # EOF");
        }
        var c = b[pos];
        if (c == (byte)'#')
        {
            return OpenMetricsMetadata(pos);
        }
        if (ExpositionSyntax.IsMetricNameStart(c) || c == (byte)'{')
        {
            return OpenMetricsSeries(pos);
        }
        return Fail(pos, $"expected metric name or \"# \" at start of line, got {Describe(pos)}");
    }

    private ExpositionEntry OpenMetricsMetadata(int hash)
    {
        var b = _b;
        var rest = b[hash..];
        if (rest.StartsWith("# EOF"u8))
        {
            var end = hash + 5;
            if (end < b.Length && b[end] == (byte)'\n')
            {
                end++;
            }
            if (end != b.Length)
            {
                return Fail(end, "unexpected data after # EOF");
            }
            _pos = end;
            return ExpositionEntry.End;
        }

        ExpositionEntry kind;
        string keyword;
        if (rest.StartsWith("# HELP "u8))
        {
            (kind, keyword) = (ExpositionEntry.Help, "HELP");
        }
        else if (rest.StartsWith("# TYPE "u8))
        {
            (kind, keyword) = (ExpositionEntry.Type, "TYPE");
        }
        else if (rest.StartsWith("# UNIT "u8))
        {
            (kind, keyword) = (ExpositionEntry.Unit, "UNIT");
        }
        else
        {
            return Fail(hash, $"expected \"# HELP \", \"# TYPE \", \"# UNIT \" or \"# EOF\", got {ExpositionSyntax.Quote(LineOf(hash))} (OpenMetrics has no other comments)");
        }

        if (!ParseFamilyName(hash + 7, keyword, out var nameEnd))
        {
            return ExpositionEntry.Error;
        }
        var lineEndRel = nameEnd < b.Length ? b[nameEnd..].IndexOf((byte)'\n') : -1;
        if (nameEnd >= b.Length || b[nameEnd] != (byte)' ' || lineEndRel < 0)
        {
            return Fail(nameEnd, $"expected a space and text after the metric name in {keyword}, got {Describe(nameEnd)}");
        }
        var lineEnd = nameEnd + lineEndRel;
        _textStart = nameEnd + 1;
        _textEnd = lineEnd;
        _pos = lineEnd + 1;

        switch (kind)
        {
            case ExpositionEntry.Help:
                if (!System.Text.Unicode.Utf8.IsValid(HelpRaw))
                {
                    return Fail(_textStart, "HELP text is not valid UTF-8");
                }
                return kind;
            case ExpositionEntry.Type:
                var type = ParseType(b[_textStart.._textEnd], openMetrics: true);
                if (type is null)
                {
                    return Fail(_textStart, $"invalid metric type {ExpositionSyntax.Quote(b[_textStart.._textEnd])} (expected counter, gauge, histogram, gaugehistogram, summary, info, stateset or unknown)");
                }
                _type = type.Value;
                return kind;
            default:
                var unit = Unit;
                var name = FamilyName;
                if (!unit.IsEmpty && (name.Length < unit.Length + 1 || !name.EndsWith(unit) || name[^(unit.Length + 1)] != (byte)'_'))
                {
                    return Fail(_textStart, $"unit {ExpositionSyntax.Quote(unit)} is not a suffix of metric {ExpositionSyntax.Quote(name)}");
                }
                return kind;
        }
    }

    /// <summary>
    /// The type a TYPE line names. Prometheus text knows counter, gauge, histogram, summary and untyped;
    /// OpenMetrics replaces untyped with unknown and adds gaugehistogram, info and stateset.
    /// </summary>
    private static MetricType? ParseType(ReadOnlySpan<byte> text, bool openMetrics)
    {
        if (text.SequenceEqual("counter"u8))
        {
            return MetricType.Counter;
        }
        if (text.SequenceEqual("gauge"u8))
        {
            return MetricType.Gauge;
        }
        if (text.SequenceEqual("histogram"u8))
        {
            return MetricType.Histogram;
        }
        if (text.SequenceEqual("summary"u8))
        {
            return MetricType.Summary;
        }
        if (!openMetrics)
        {
            return text.SequenceEqual("untyped"u8) ? MetricType.Unknown : null;
        }
        if (text.SequenceEqual("gaugehistogram"u8))
        {
            return MetricType.GaugeHistogram;
        }
        if (text.SequenceEqual("info"u8))
        {
            return MetricType.Info;
        }
        if (text.SequenceEqual("stateset"u8))
        {
            return MetricType.StateSet;
        }
        return text.SequenceEqual("unknown"u8) ? MetricType.Unknown : null;
    }

    private readonly ReadOnlySpan<byte> LineOf(int pos)
    {
        var rel = _b[pos..].IndexOf((byte)'\n');
        return rel < 0 ? _b[pos..] : _b[pos..(pos + rel)];
    }

    private ExpositionEntry OpenMetricsSeries(int pos)
    {
        var b = _b;
        _nameStart = -1;
        _nameQuoted = false;
        _labelCount = 0;
        if (b[pos] != (byte)'{')
        {
            pos = ExpositionSyntax.ScanMetricName(b, pos);
            _nameStart = _entryStart;
            _nameEnd = pos;
            _seriesEnd = pos;
        }
        if (pos < b.Length && b[pos] == (byte)'{')
        {
            pos = ParseLabelSet(pos, isText: false, isExemplar: false);
            if (pos < 0)
            {
                return ExpositionEntry.Error;
            }
            _seriesEnd = pos;
        }
        if (!CheckSeriesName())
        {
            return ExpositionEntry.Error;
        }

        if (!ReadOpenMetricsToken(ref pos, out var valueStart))
        {
            return Fail(pos, $"expected a space and a value after metric, got {Describe(pos)}");
        }
        var status = ExpositionNumbers.ParseFloat(b[valueStart..pos], out _value);
        if (status != FloatParseStatus.Ok)
        {
            return FailValue(valueStart, pos, "value", status);
        }

        if (pos < b.Length && b[pos] == (byte)' ' && !IsExemplarStart(pos))
        {
            if (!ReadOpenMetricsToken(ref pos, out var tsStart))
            {
                return Fail(pos + 1, $"expected timestamp or exemplar after value, got {Describe(pos + 1)}");
            }
            if (!TryParseSecondsAsMillis(tsStart, pos, "timestamp", out _timestamp))
            {
                return ExpositionEntry.Error;
            }
            _hasTimestamp = true;
        }
        if (pos < b.Length && b[pos] == (byte)' ')
        {
            if (!IsExemplarStart(pos))
            {
                return Fail(pos, $"expected exemplar (\" # {{\") or end of line after timestamp, got {Describe(pos)}");
            }
            pos = ParseExemplar(pos);
            if (pos < 0)
            {
                return ExpositionEntry.Error;
            }
        }
        if (pos >= b.Length)
        {
            return Fail(pos, "data does not end with # EOF");
        }
        if (b[pos] != (byte)'\n')
        {
            return Fail(pos, $"expected end of line, got {Describe(pos)}");
        }
        _pos = pos + 1;
        return ExpositionEntry.Series;
    }

    private readonly bool IsExemplarStart(int pos) => _b[pos..].StartsWith(" # {"u8);

    /// <summary>Reads <c>" " [^ \n]+</c> at <paramref name="pos"/>: OpenMetrics's one-space-separated token.</summary>
    private readonly bool ReadOpenMetricsToken(ref int pos, out int tokenStart)
    {
        var b = _b;
        tokenStart = pos + 1;
        if (pos >= b.Length || b[pos] != (byte)' ')
        {
            return false;
        }
        var rel = b[tokenStart..].IndexOfAny(ExpositionSyntax.OpenMetricsTokenEnd);
        var end = rel < 0 ? b.Length : tokenStart + rel;
        if (end == tokenStart)
        {
            return false;
        }
        pos = end;
        return true;
    }

    private bool TryParseSecondsAsMillis(int start, int end, string what, out long millis)
    {
        millis = 0;
        var status = ExpositionNumbers.ParseFloat(_b[start..end], out var seconds);
        if (status != FloatParseStatus.Ok)
        {
            FailValue(start, end, what, status);
            return false;
        }
        if (double.IsNaN(seconds) || double.IsInfinity(seconds))
        {
            Fail(start, $"invalid {what} {ExpositionSyntax.Quote(_b[start..end])}: must be a finite number");
            return false;
        }
        // Prometheus: int64(ts * 1000), truncating toward zero.
        millis = (long)(seconds * 1000.0);
        return true;
    }

    /// <summary>Parses <c> # {labels} value [timestamp]</c> at <paramref name="pos"/>; returns the index after it or -1.</summary>
    private int ParseExemplar(int pos)
    {
        var b = _b;
        var name = MetricName;
        if (!name.EndsWith("_total"u8) && !name.EndsWith("_bucket"u8))
        {
            // OpenMetrics 1.0 attaches exemplars to counter totals and histogram buckets only; Prometheus 2.42 agrees.
            return FailAt(pos + 1, $"metric name {ExpositionSyntax.Quote(name)} does not support exemplars (only _total and _bucket series do)");
        }
        var open = pos + 3;
        pos = ParseLabelSet(open, isText: false, isExemplar: true);
        if (pos < 0)
        {
            return -1;
        }
        _exemplarStart = open;
        _exemplarEnd = pos;
        if (!ReadOpenMetricsToken(ref pos, out var valueStart))
        {
            return FailAt(pos, $"expected a space and a value after exemplar labels, got {Describe(pos)}");
        }
        var status = ExpositionNumbers.ParseFloat(b[valueStart..pos], out _exemplarValue);
        if (status != FloatParseStatus.Ok)
        {
            FailValue(valueStart, pos, "exemplar value", status);
            return -1;
        }
        _exemplarHasTimestamp = false;
        if (pos < b.Length && b[pos] == (byte)' ')
        {
            if (!ReadOpenMetricsToken(ref pos, out var tsStart))
            {
                return FailAt(pos + 1, $"expected exemplar timestamp or end of line, got {Describe(pos + 1)}");
            }
            if (!TryParseSecondsAsMillis(tsStart, pos, "exemplar timestamp", out _exemplarTimestamp))
            {
                return -1;
            }
            _exemplarHasTimestamp = true;
        }
        return pos;
    }
}
