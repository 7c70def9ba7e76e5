using System.Text;
using Scraper.Protocol.Exposition;
using Scraper.Protocol.Model;

namespace Scraper.Protocol.Tests.Exposition;

/// <summary>
/// Prometheus text format 0.0.4, cases written from the exposition-format document and the rules Prometheus's own
/// parser applies (checked against Prometheus 2.42 where the document is silent).
/// </summary>
public sealed class PrometheusTextParserTests
{
    private const ExpositionFormat Text = ExpositionFormat.PrometheusText;

    public static TheoryData<string, string, double, long?> ValidSamples => new()
    {
        { "a 1", "{__name__=\"a\"}", 1, null },
        { "a 1\n", "{__name__=\"a\"}", 1, null },
        { "a{b=\"c\",d=\"e\"} 2.5\n", "{__name__=\"a\", b=\"c\", d=\"e\"}", 2.5, null },
        { "a{b=\"c\",} 1\n", "{__name__=\"a\", b=\"c\"}", 1, null },
        { "a{} 1\n", "{__name__=\"a\"}", 1, null },
        { "a{b=\"c\" d=\"e\"} 1\n", "{__name__=\"a\", b=\"c\", d=\"e\"}", 1, null },
        { "a { b = \"c\" , d=\"e\" , } 1 1000\n", "{__name__=\"a\", b=\"c\", d=\"e\"}", 1, 1000 },
        { "a\t1\t2\n", "{__name__=\"a\"}", 1, 2 },
        { "a{b=\"c\"}1\n", "{__name__=\"a\", b=\"c\"}", 1, null },
        { "a 1 2   \n", "{__name__=\"a\"}", 1, 2 },
        { "http_requests_total{method=\"post\",code=\"200\"} 1027 1395066363000\n", "{__name__=\"http_requests_total\", code=\"200\", method=\"post\"}", 1027, 1395066363000 },
        { "a 1 0\n", "{__name__=\"a\"}", 1, 0 },
        { "some:aggregate:rate5m{a_b=\"c\"} 1\n", "{__name__=\"some:aggregate:rate5m\", a_b=\"c\"}", 1, null },
        { "_under{_l=\"v\"} 1\n", "{__name__=\"_under\", _l=\"v\"}", 1, null },
        { "a{b=\"\"} 1\n", "{__name__=\"a\"}", 1, null },
        { "temp{room=\"Küche ☕\"} 21.5\n", "{__name__=\"temp\", room=\"Küche ☕\"}", 21.5, null },
        { "{\"my.metric\", \"label.name\"=\"v\"} 1\n", "{__name__=\"my.metric\", label.name=\"v\"}", 1, null },
        { "my_metric{\"label.name\"=\"v\"} 1\n", "{__name__=\"my_metric\", label.name=\"v\"}", 1, null },
        { "{a=\"b\", \"named.last\"} 3\n", "{__name__=\"named.last\", a=\"b\"}", 3, null },
        { "{\"only.name\"} 4\n", "{__name__=\"only.name\"}", 4, null },
        { "{\"q\\\"uoted\", \"l\\\\n\"=\"v\"} 5\n", "{__name__=\"q\\\"uoted\", l\\n=\"v\"}", 5, null },
    };

    [Theory]
    [MemberData(nameof(ValidSamples))]
    public void Next_validSampleLine_yieldsLabelsValueAndTimestamp(string body, string labels, double value, long? timestampMs)
    {
        var sample = ExpositionTestReader.Read(body, Text).Single();

        Assert.Equal(labels, sample.Labels!.ToString());
        Assert.Equal(value, sample.Value);
        Assert.Equal(timestampMs, sample.TimestampMs);
    }

    [Fact]
    public void TryGetLabels_escapedLabelValues_decodesQuoteBackslashAndNewlineOnly()
    {
        var sample = ExpositionTestReader.Read(
            "a{q=\"say \\\"hi\\\"\",b=\"back\\\\slash\",n=\"two\\nlines\",x=\"keep\\x\"} 1\n", Text).Single();

        Assert.Equal("say \"hi\"", sample.Labels!.Get("q"));
        Assert.Equal("back\\slash", sample.Labels.Get("b"));
        Assert.Equal("two\nlines", sample.Labels.Get("n"));
        Assert.Equal("keep\\x", sample.Labels.Get("x"));
    }

    [Fact]
    public void Next_rawLineBreakInsideLabelValue_isPartOfTheValue()
    {
        var result = ExpositionTestReader.Read("a{b=\"x\ny\"} 1\nc 2\n", Text);

        Assert.Null(result.Error);
        Assert.Equal(2, result.Samples.Count);
        Assert.Equal("x\ny", result.Samples[0].Labels!.Get("b"));
        Assert.Equal("c", result.Samples[1].Labels!.MetricName);
    }

    [Theory]
    [InlineData("1", 1.0)]
    [InlineData("-2", -2.0)]
    [InlineData("+3", 3.0)]
    [InlineData(".5", 0.5)]
    [InlineData("1.", 1.0)]
    [InlineData("1E+5", 100000.0)]
    [InlineData("1e-3", 0.001)]
    [InlineData("7.424100000000001e-05", 7.424100000000001e-05)]
    [InlineData("3.7797888e+07", 37797888.0)]
    [InlineData("0.1", 0.1)]
    [InlineData("123456789012345678901234567890", 1.2345678901234568e29)]
    [InlineData("0.000000000000000000000000000001", 1e-30)]
    [InlineData("1.7976931348623157e308", double.MaxValue)]
    [InlineData("4.9e-324", double.Epsilon)]
    [InlineData("1e-400", 0.0)]
    [InlineData("+Inf", double.PositiveInfinity)]
    [InlineData("-Inf", double.NegativeInfinity)]
    [InlineData("inf", double.PositiveInfinity)]
    [InlineData("Infinity", double.PositiveInfinity)]
    [InlineData("-infinity", double.NegativeInfinity)]
    [InlineData("NaN", double.NaN)]
    [InlineData("nan", double.NaN)]
    public void Next_valueSpellingsGoAccepts_parseToTheSameDouble(string spelled, double expected)
    {
        var sample = ExpositionTestReader.Read($"a {spelled}\n", Text).Single();

        Assert.Equal(expected, sample.Value);
    }

    [Fact]
    public void Value_negativeZero_keepsTheSign()
    {
        var sample = ExpositionTestReader.Read("a -0\n", Text).Single();

        Assert.True(double.IsNegative(sample.Value));
        Assert.Equal(0.0, sample.Value);
    }

    [Fact]
    public void Value_nan_isPrometheusNormalNaNBits()
    {
        var sample = ExpositionTestReader.Read("a NaN\n", Text).Single();

        Assert.Equal(0x7ff8000000000001UL, BitConverter.DoubleToUInt64Bits(sample.Value));
    }

    [Fact]
    public void Next_metadataCommentsAndBlankLines_yieldsEntriesInOrder()
    {
        var body = string.Join('\n',
            "# HELP http_requests_total The total number of HTTP requests.",
            "# TYPE http_requests_total counter",
            "",
            "# just a comment",
            "#no space after hash",
            "http_requests_total{method=\"post\",code=\"200\"} 1027",
            "",
            "   \t",
            "# UNIT is not a keyword in this format",
            "# HELPless comment",
            "# TYPE up gauge",
            "up 1");

        var result = ExpositionTestReader.Read(body, Text);

        Assert.Null(result.Error);
        Assert.Collection(result.Entries,
            e => Assert.Equal((ExpositionEntry.Help, "http_requests_total", "The total number of HTTP requests."), (e.Kind, e.Family, e.Help)),
            e => Assert.Equal((ExpositionEntry.Type, "http_requests_total", MetricType.Counter), (e.Kind, e.Family, e.Type)),
            e => Assert.Equal((ExpositionEntry.Comment, "# just a comment"), (e.Kind, e.Comment)),
            e => Assert.Equal((ExpositionEntry.Comment, "#no space after hash"), (e.Kind, e.Comment)),
            e => Assert.Equal((ExpositionEntry.Series, 1027.0), (e.Kind, e.Value)),
            e => Assert.Equal((ExpositionEntry.Comment, "# UNIT is not a keyword in this format"), (e.Kind, e.Comment)),
            e => Assert.Equal((ExpositionEntry.Comment, "# HELPless comment"), (e.Kind, e.Comment)),
            e => Assert.Equal((ExpositionEntry.Type, "up", MetricType.Gauge), (e.Kind, e.Family, e.Type)),
            e => Assert.Equal((ExpositionEntry.Series, "up"), (e.Kind, e.Series)));
    }

    [Theory]
    [InlineData("counter", MetricType.Counter)]
    [InlineData("gauge", MetricType.Gauge)]
    [InlineData("histogram", MetricType.Histogram)]
    [InlineData("summary", MetricType.Summary)]
    [InlineData("untyped", MetricType.Unknown)]
    public void Next_typeLine_mapsEveryTextFormatType(string spelled, MetricType expected)
    {
        var entry = Assert.Single(ExpositionTestReader.Read($"# TYPE m {spelled}\n", Text).Entries);

        Assert.Equal(ExpositionEntry.Type, entry.Kind);
        Assert.Equal("m", entry.Family);
        Assert.Equal(expected, entry.Type);
    }

    [Theory]
    [InlineData("# HELP m escaped \\\\ and \\n here\n", "escaped \\ and \n here")]
    [InlineData("# HELP m quote \\\" stays escaped\n", "quote \\\" stays escaped")]
    [InlineData("# HELP m\n", "")]
    [InlineData("# HELP m    \n", "")]
    [InlineData("#\tHELP\tm\ttabbed help\n", "tabbed help")]
    [InlineData("# HELP m  two spaces keep one\n", " two spaces keep one")]
    [InlineData("# HELP \"my.metric\" utf-8 name\n", "utf-8 name")]
    public void GetHelp_textFormat_unescapesBackslashAndNewlineOnly(string body, string expected)
    {
        var entry = Assert.Single(ExpositionTestReader.Read(body, Text).Entries);

        Assert.Equal(ExpositionEntry.Help, entry.Kind);
        Assert.Equal(expected, entry.Help);
    }

    [Fact]
    public void Series_isTheNameAndLabelSetAsWritten()
    {
        var result = ExpositionTestReader.Read("a {b=\"c\"}  1 5\nd 2\n{\"e.f\"} 3\n", Text);

        Assert.Null(result.Error);
        Assert.Equal(["a {b=\"c\"}", "d", "{\"e.f\"}"], result.Samples.Select(s => s.Series));
    }

    [Fact]
    public void Next_emptyBody_endsWithoutEntries()
    {
        var result = ExpositionTestReader.Read("", Text);

        Assert.Null(result.Error);
        Assert.Empty(result.Entries);
    }

    [Fact]
    public void Next_afterEnd_keepsReturningEnd()
    {
        var p = new ExpositionParser("a 1\n"u8, Text);

        Assert.Equal(ExpositionEntry.Series, p.Next());
        Assert.Equal(ExpositionEntry.End, p.Next());
        Assert.Equal(ExpositionEntry.End, p.Next());
    }

    public static TheoryData<string, int, string> Malformed => new()
    {
        { "a 1\na{b=} 1\n", 2, "expected label value, got \"}\"" },
        { "a{b=\"c\",,d=\"e\"} 1\n", 1, "expected label name, got \",d\"" },
        { "a{b:c=\"d\"} 1\n", 1, "expected \"=\" after label name, got \":c\"" },
        { "a{b=\"c\" 1\n", 1, "expected label name, got \"1\"" },
        { "a{b=c} 1\n", 1, "expected label value, got \"c\"" },
        { "a{b='c'} 1\n", 1, "expected label value, got \"'c'\"" },
        { "a{b=\"c\"} 1\nx{y=\"unterminated} 1\n", 2, "unterminated label value" },
        { "a{b=\"c\\\n\"} 1\n", 1, "unterminated label value" },
        { "a{=\"c\"} 1\n", 1, "expected label name, got \"=\"" },
        { "a{b=\"c\"", 1, "expected label name, got end of input" },
        { "a", 1, "expected value after metric, got end of input" },
        { "a\n", 1, "expected value after metric, got end of line" },
        { "ok 1\na{b=\"c\"}{d=\"e\"} 1\n", 2, "expected value after metric, got \"{d\"" },
        { "a abc\n", 1, "invalid value \"abc\": not a number" },
        { "a 1e400\n", 1, "invalid value \"1e400\": value out of range" },
        { "a 0x1p-3\n", 1, "invalid value \"0x1p-3\": unsupported character" },
        { "a 0x10\n", 1, "invalid value \"0x10\": not a number" },
        { "a 1_000\n", 1, "invalid value \"1_000\": unsupported character" },
        { "a +nan\n", 1, "invalid value \"+nan\": not a number" },
        { "a infin\n", 1, "invalid value \"infin\": not a number" },
        { "a 1.2.3\n", 1, "invalid value \"1.2.3\"" },
        { "a true\n", 1, "invalid value \"true\"" },
        { "a 1\r\n", 1, "invalid value \"1\\r\"" },
        { "a 1 -5\n", 1, "expected timestamp or end of line after value, got \"-5\"" },
        { "a 1 1.5\n", 1, "expected end of line after timestamp, got \".5\"" },
        { "a 1 2 3\n", 1, "expected end of line after timestamp, got \"3\"" },
        { "a 1 99999999999999999999\n", 1, "invalid timestamp \"99999999999999999999\": value out of range" },
        { "  a 1\n", 1, "unexpected whitespace before metric name" },
        { "ok 1\n9a 1\n", 2, "expected metric name or comment, got \"9a\"" },
        { "-a 1\n", 1, "expected metric name or comment, got \"-a\"" },
        { "a 1\n\0b 2\n", 2, "expected metric name or comment, got \"\\x00b\"" },
        { "{b=\"c\"} 1\n", 1, "series has no metric name" },
        { "{\"a\", \"b\"} 1\n", 1, "metric name given twice" },
        { "a{\"b\"} 1\n", 1, "metric name given twice" },
        { "{\"\"} 1\n", 1, "metric name is empty" },
        { "# TYPE a counter \n", 1, "invalid metric type \"counter \"" },
        { "# TYPE a unknown\n", 1, "invalid metric type \"unknown\"" },
        { "# TYPE a\n", 1, "invalid metric type \"\"" },
        { "# HELP \n", 1, "expected metric name after HELP, got end of line" },
        { "# TYPE 1a gauge\n", 1, "expected metric name after TYPE, got \"1a\"" },
        { "a 1\n# HELP \"open name\n", 2, "unterminated quoted metric name after HELP" },
        { "# HELP \"a\nb\" x\n", 1, "unterminated quoted metric name after HELP" },
        { "{\"a\nb\"} 1\n", 1, "unterminated quoted label name" },
        { "a{\"b\nc\"=\"d\"} 1\n", 1, "unterminated quoted label name" },
    };

    [Theory]
    [MemberData(nameof(Malformed))]
    public void Next_malformedLine_reportsLineAndWhatWasExpected(string body, int line, string message)
    {
        var error = ExpositionTestReader.ReadError(body, Text);

        Assert.Equal(line, error.Line);
        Assert.Contains(message, error.Message, StringComparison.Ordinal);
        Assert.StartsWith($"line {line}: ", error.ToString(), StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("a{b=\"c\",b=\"d\"} 1\n", "label name \"b\" is not unique")]
    [InlineData("a{b=\"c\",b=\"c\"} 1\n", "label name \"b\" is not unique")]
    [InlineData("a{__name__=\"x\"} 1\n", "label name \"__name__\" is not unique")]
    [InlineData("{\"m\", \"x.y\"=\"1\", \"x.y\"=\"2\"} 1\n", "label name \"x.y\" is not unique")]
    public void TryGetLabels_repeatedLabelName_failsNamingTheLabelAndLine(string line, string message)
    {
        var body = "ok 1\n" + line;
        var p = new ExpositionParser(Encoding.UTF8.GetBytes(body), Text);
        Assert.Equal(ExpositionEntry.Series, p.Next());
        Assert.True(p.TryGetLabels(out _));
        Assert.Equal(ExpositionEntry.Series, p.Next());

        Assert.False(p.TryGetLabels(out var labels));

        Assert.Same(Labels.Empty, labels);
        Assert.Equal(2, p.Error.Line);
        Assert.Equal(message, p.Error.Message);
        Assert.Equal(ExpositionEntry.Error, p.Next());
    }

    [Fact]
    public void Next_invalidUtf8InLabelValue_isAnError()
    {
        byte[] body = [.. "a{b=\""u8, 0xff, .. "\"} 1\n"u8];

        var result = ExpositionTestReader.Read(body, Text);

        Assert.Equal(1, result.Error?.Line);
        Assert.Contains("not valid UTF-8", result.Error?.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Next_invalidUtf8InHelp_isAnError()
    {
        byte[] body = [.. "ok 1\n# HELP a "u8, 0xc3, 0x28, (byte)'\n'];

        var result = ExpositionTestReader.Read(body, Text);

        Assert.Equal(2, result.Error?.Line);
        Assert.Equal("HELP text is not valid UTF-8", result.Error?.Message);
    }

    [Fact]
    public void Next_afterError_keepsReturningErrorAndYieldsNothingMore()
    {
        var p = new ExpositionParser("a{b=} 1\nc 2\n"u8, Text);

        Assert.Equal(ExpositionEntry.Error, p.Next());
        Assert.Equal(ExpositionEntry.Error, p.Next());
        Assert.Equal(1, p.Error.Line);
    }

    [Fact]
    public void TryGetLabels_intoBuilder_holdsTheSameLabels()
    {
        var p = new ExpositionParser("a{z=\"1\",b=\"2\"} 1\n"u8, Text);
        Assert.Equal(ExpositionEntry.Series, p.Next());
        var builder = new LabelsBuilder().Set("stale", "x");

        Assert.True(p.TryGetLabels(builder));

        Assert.Equal(Labels.FromStrings("__name__", "a", "b", "2", "z", "1"), builder.ToLabels());
    }

    [Fact]
    public void TryGetLabels_onAMetadataEntry_throws()
    {
        var p = new ExpositionParser("# TYPE a gauge\n"u8, Text);
        Assert.Equal(ExpositionEntry.Type, p.Next());

        var thrown = false;
        try
        {
            p.TryGetLabels(out _);
        }
        catch (InvalidOperationException)
        {
            thrown = true;
        }

        Assert.True(thrown);
    }

    [Fact]
    public void CurrentLine_countsLinesUpToTheEntry()
    {
        var p = new ExpositionParser("# HELP a x\n\na 1\n  \nb 2\n"u8, Text);

        Assert.Equal(ExpositionEntry.Help, p.Next());
        Assert.Equal(1, p.CurrentLine);
        Assert.Equal(ExpositionEntry.Series, p.Next());
        Assert.Equal(3, p.CurrentLine);
        Assert.Equal(ExpositionEntry.Series, p.Next());
        Assert.Equal(5, p.CurrentLine);
    }

    [Fact]
    public void ExemplarSyntax_isNotPartOfTheTextFormat()
    {
        var error = ExpositionTestReader.ReadError("a_total 1 # {trace_id=\"x\"} 1\n", Text);

        Assert.Equal(1, error.Line);
        Assert.Contains("expected timestamp or end of line after value", error.Message, StringComparison.Ordinal);
    }
}
