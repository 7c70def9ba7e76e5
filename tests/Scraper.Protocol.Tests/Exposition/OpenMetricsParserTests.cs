using System.Text;
using Scraper.Protocol.Exposition;
using Scraper.Protocol.Model;

namespace Scraper.Protocol.Tests.Exposition;

/// <summary>
/// OpenMetrics 1.0 text, cases written from the OpenMetrics specification (ABNF and text-format rules) and the
/// rules Prometheus's OpenMetrics parser applies.
/// </summary>
public sealed class OpenMetricsParserTests
{
    private const ExpositionFormat Om = ExpositionFormat.OpenMetrics;

    public static TheoryData<string, string, double, long?> ValidSamples => new()
    {
        { "a 1\n# EOF\n", "{__name__=\"a\"}", 1, null },
        { "a 1\n# EOF", "{__name__=\"a\"}", 1, null },
        { "a{b=\"c\",d=\"e\"} 2.5\n# EOF\n", "{__name__=\"a\", b=\"c\", d=\"e\"}", 2.5, null },
        { "a{} 1\n# EOF\n", "{__name__=\"a\"}", 1, null },
        { "a{b=\"c\",} 1\n# EOF\n", "{__name__=\"a\", b=\"c\"}", 1, null },
        { "go_goroutines 33 123.123\n# EOF\n", "{__name__=\"go_goroutines\"}", 33, 123123 },
        { "foo_total 17.0 1520879607.789\n# EOF\n", "{__name__=\"foo_total\"}", 17, 1520879607789 },
        { "a 1 1520879607\n# EOF\n", "{__name__=\"a\"}", 1, 1520879607000 },
        { "a 1 -1.5\n# EOF\n", "{__name__=\"a\"}", 1, -1500 },
        { "a 1 0.0019\n# EOF\n", "{__name__=\"a\"}", 1, 1 },
        { "a +Inf\n# EOF\n", "{__name__=\"a\"}", double.PositiveInfinity, null },
        { "a -Inf\n# EOF\n", "{__name__=\"a\"}", double.NegativeInfinity, null },
        { "a NaN\n# EOF\n", "{__name__=\"a\"}", double.NaN, null },
        { "a{b=\"q\\\"uote\\\\d\\nx\"} 1\n# EOF\n", "{__name__=\"a\", b=\"q\\\"uote\\\\d\\nx\"}", 1, null },
        { "{\"my.metric\",\"label.name\"=\"v\"} 1\n# EOF\n", "{__name__=\"my.metric\", label.name=\"v\"}", 1, null },
        { "my_metric{\"label.name\"=\"v\"} 1\n# EOF\n", "{__name__=\"my_metric\", label.name=\"v\"}", 1, null },
        { "temp{room=\"Küche ☕\"} 21.5\n# EOF\n", "{__name__=\"temp\", room=\"Küche ☕\"}", 21.5, null },
    };

    [Theory]
    [MemberData(nameof(ValidSamples))]
    public void Next_validSampleLine_yieldsLabelsValueAndTimestamp(string body, string labels, double value, long? timestampMs)
    {
        var sample = ExpositionTestReader.Read(body, Om).Single();

        Assert.Equal(labels, sample.Labels!.ToString());
        Assert.Equal(value, sample.Value);
        Assert.Equal(timestampMs, sample.TimestampMs);
        Assert.Null(sample.Exemplar);
    }

    [Fact]
    public void Next_eofMarker_endsTheBody()
    {
        var p = new ExpositionParser("# EOF\n"u8, Om);

        Assert.Equal(ExpositionEntry.End, p.Next());
        Assert.Equal(ExpositionEntry.End, p.Next());
    }

    [Theory]
    [InlineData("counter", MetricType.Counter)]
    [InlineData("gauge", MetricType.Gauge)]
    [InlineData("histogram", MetricType.Histogram)]
    [InlineData("gaugehistogram", MetricType.GaugeHistogram)]
    [InlineData("summary", MetricType.Summary)]
    [InlineData("info", MetricType.Info)]
    [InlineData("stateset", MetricType.StateSet)]
    [InlineData("unknown", MetricType.Unknown)]
    public void Next_typeLine_mapsEveryOpenMetricsType(string spelled, MetricType expected)
    {
        var entry = Assert.Single(ExpositionTestReader.Read($"# TYPE m {spelled}\n# EOF\n", Om).Entries);

        Assert.Equal((ExpositionEntry.Type, "m", expected), (entry.Kind, entry.Family, entry.Type));
    }

    [Theory]
    [InlineData("# HELP m escape \\\\ \\n \\\" \\x chars\n", "escape \\ \n \" \\x chars")]
    [InlineData("# HELP m \n", "")]
    [InlineData("# HELP m  leading space kept\n", " leading space kept")]
    [InlineData("# HELP \"my.metric\" quoted family\n", "quoted family")]
    public void GetHelp_openMetrics_unescapesBackslashNewlineAndQuote(string body, string expected)
    {
        var entry = Assert.Single(ExpositionTestReader.Read(body + "# EOF\n", Om).Entries);

        Assert.Equal(ExpositionEntry.Help, entry.Kind);
        Assert.Equal(expected, entry.Help);
    }

    [Theory]
    [InlineData("# UNIT request_duration_seconds seconds\n", "request_duration_seconds", "seconds")]
    [InlineData("# UNIT nounit \n", "nounit", "")]
    [InlineData("# UNIT \"my.size_bytes\" bytes\n", "my.size_bytes", "bytes")]
    public void Next_unitLine_yieldsFamilyAndUnit(string body, string family, string unit)
    {
        var entry = Assert.Single(ExpositionTestReader.Read(body + "# EOF\n", Om).Entries);

        Assert.Equal((ExpositionEntry.Unit, family, unit), (entry.Kind, entry.Family, entry.Unit));
    }

    [Fact]
    public void TryGetExemplar_counterWithExemplarAndTimestamps_readsBoth()
    {
        var sample = ExpositionTestReader.Read(
            "foo_total 17.0 1520879607.789 # {trace_id=\"abc\"} 1.0 1520879607.789\n# EOF\n", Om).Single();

        Assert.Equal(1520879607789, sample.TimestampMs);
        var exemplar = Assert.IsType<ExpositionExemplar>(sample.Exemplar);
        Assert.Equal(Labels.FromStrings("trace_id", "abc"), exemplar.Labels);
        Assert.Equal(1.0, exemplar.Value);
        Assert.Equal(1520879607789, exemplar.TimestampMs);
    }

    [Theory]
    [InlineData("hh_bucket{le=\"+Inf\"} 1 # {aa=\"bb\"} 4\n", "{aa=\"bb\"}", 4.0, null)]
    [InlineData("gh_bucket{le=\"0.5\"} 1 # {cc=\"dd\",xx=\"yy\"} 4 123.123\n", "{cc=\"dd\", xx=\"yy\"}", 4.0, 123123L)]
    [InlineData("c_total 1 # {} 0.5\n", "{}", 0.5, null)]
    [InlineData("c_total 1 # {a=\"b\",} 2\n", "{a=\"b\"}", 2.0, null)]
    [InlineData("c_total 1 # {\"id.thing\"=\"x\"} 2\n", "{id.thing=\"x\"}", 2.0, null)]
    [InlineData("c_total 1 # {trace_id=\"t\"} NaN\n", "{trace_id=\"t\"}", double.NaN, null)]
    public void TryGetExemplar_exemplarForms_decodeLabelsValueAndTimestamp(string line, string labels, double value, long? timestampMs)
    {
        var sample = ExpositionTestReader.Read(line + "# EOF\n", Om).Single();

        var exemplar = Assert.IsType<ExpositionExemplar>(sample.Exemplar);
        Assert.Equal(labels, exemplar.Labels.ToString());
        Assert.Equal(value, exemplar.Value);
        Assert.Equal(timestampMs, exemplar.TimestampMs);
        Assert.Null(sample.TimestampMs);
    }

    [Fact]
    public void Series_excludesTheExemplar()
    {
        var sample = ExpositionTestReader.Read("c_total{a=\"b\"} 1 2 # {t=\"x\"} 3 4\n# EOF\n", Om).Single();

        Assert.Equal("c_total{a=\"b\"}", sample.Series);
        Assert.Equal(2000, sample.TimestampMs);
        Assert.Equal(4000, sample.Exemplar?.TimestampMs);
    }

    [Fact]
    public void Next_createdSeries_areOrdinarySamples()
    {
        const string body = """
            # TYPE foo counter
            foo_total 17.0
            foo_created 1520872607.123
            # TYPE bar summary
            bar_count 17.0
            bar_sum 324789.3
            bar{quantile="0.95"} 123.7
            bar_created 1520872608.124
            # EOF

            """;

        var samples = ExpositionTestReader.Read(body, Om).Samples;

        Assert.Equal(
            ["foo_total", "foo_created", "bar_count", "bar_sum", "bar", "bar_created"],
            samples.Select(s => s.Labels!.MetricName));
        Assert.Equal(1520872607.123, samples[1].Value);
        Assert.Null(samples[1].TimestampMs);
    }

    [Fact]
    public void Next_infoAndStatesetFamilies_yieldTheirSamples()
    {
        const string body = """
            # TYPE build info
            build_info{version="1.2"} 1
            # TYPE flag stateset
            flag{flag="a"} 1
            flag{flag="b"} 0
            # EOF

            """;

        var result = ExpositionTestReader.Read(body, Om);

        Assert.Null(result.Error);
        Assert.Equal([MetricType.Info, MetricType.StateSet], result.Entries.Where(e => e.Kind == ExpositionEntry.Type).Select(e => e.Type));
        Assert.Equal(["1.2", "a", "b"], result.Samples.Select(s => s.Labels!.Get(s.Labels.MetricName == "build_info" ? "version" : "flag")));
        Assert.Equal([1.0, 1.0, 0.0], result.Samples.Select(s => s.Value));
    }

    public static TheoryData<string, int, string> Malformed => new()
    {
        { "", 1, "data does not end with # EOF" },
        { "a 1\n", 2, "data does not end with # EOF" },
        { "a 1", 1, "data does not end with # EOF" },
        { "c_total 1 # {a=\"b\"} 4", 1, "data does not end with # EOF" },
        { "a 1\n# EOF\nb 1\n", 3, "unexpected data after # EOF" },
        { "# EOF\n\n", 2, "unexpected data after # EOF" },
        { "# EOFa 1", 1, "unexpected data after # EOF" },
        { "# EOF \n", 1, "unexpected data after # EOF" },
        { "a 1\n\nb 1\n# EOF\n", 2, "expected metric name or \"# \" at start of line, got end of line" },
        { " a 1\n# EOF\n", 1, "expected metric name or \"# \" at start of line, got \" a\"" },
        { "# a comment\n# EOF\n", 1, "OpenMetrics has no other comments" },
        { "#  TYPE c counter\n# EOF\n", 1, "expected \"# HELP \", \"# TYPE \", \"# UNIT \" or \"# EOF\"" },
        { "#\tTYPE c counter\n# EOF\n", 1, "expected \"# HELP \", \"# TYPE \", \"# UNIT \" or \"# EOF\"" },
        { "a  1\n# EOF\n", 1, "expected a space and a value after metric" },
        { "a\t1\n# EOF\n", 1, "expected a space and a value after metric, got \"\\t1\"" },
        { "a {b=\"c\"} 1\n# EOF\n", 1, "invalid value \"{b=\\\"c\\\"}\"" },
        { "a 1\t2\n# EOF\n", 1, "invalid value \"1\\t2\"" },
        { "a{b=\"c\", d=\"e\"} 1\n# EOF\n", 1, "expected label name, got \" d\"" },
        { "a{b=\"c\"d=\"e\"} 1\n# EOF\n", 1, "expected \",\" or \"}\" after label value, got \"d\"" },
        { "a{b = \"c\"} 1\n# EOF\n", 1, "expected \"=\" after label name, got \" \"" },
        { "a{,b=\"c\"} 1\n# EOF\n", 1, "expected label name, got \",b\"" },
        { "a{b=\"c\",,d=\"e\"} 1\n# EOF\n", 1, "expected label name, got \",d\"" },
        { "ok 1\na{b=\"x\ny\"} 1\n# EOF\n", 2, "unterminated label value" },
        { "a{b=\n# EOF\n", 1, "expected label value, got end of line" },
        { "{b=\"c\"} 1\n# EOF\n", 1, "series has no metric name" },
        { "# TYPE u untyped\n# EOF\n", 1, "invalid metric type \"untyped\"" },
        { "# TYPE c counter \n# EOF\n", 1, "invalid metric type \"counter \"" },
        { "# TYPE c  counter\n# EOF\n", 1, "invalid metric type \" counter\"" },
        { "# TYPE m\n# EOF\n", 1, "expected a space and text after the metric name in TYPE, got end of line" },
        { "# HELP m\n# EOF\n", 1, "expected a space and text after the metric name in HELP" },
        { "# HELP m text", 1, "expected a space and text after the metric name in HELP" },
        { "# TYPE \n# EOF\n", 1, "expected metric name after TYPE, got end of line" },
        { "# UNIT metric suffix\n# EOF\n", 1, "unit \"suffix\" is not a suffix of metric \"metric\"" },
        { "# UNIT metricsuffix suffix\n# EOF\n", 1, "unit \"suffix\" is not a suffix of metric \"metricsuffix\"" },
        { "# UNIT m suffix\n# EOF\n", 1, "unit \"suffix\" is not a suffix of metric \"m\"" },
        { "a 1 NaN\n# EOF\n", 1, "invalid timestamp \"NaN\": must be a finite number" },
        { "a 1 -Inf\n# EOF\n", 1, "invalid timestamp \"-Inf\"" },
        { "a 1 1z\n# EOF\n", 1, "invalid timestamp \"1z\": not a number" },
        { "a 1 2 \n# EOF\n", 1, "expected exemplar (\" # {\") or end of line after timestamp, got \" \"" },
        { "a 1 1 1\n# EOF\n", 1, "expected exemplar (\" # {\") or end of line after timestamp" },
        { "a 1 2 #\n# EOF\n", 1, "expected exemplar (\" # {\") or end of line after timestamp" },
        { "foo 1_2\n# EOF\n", 1, "invalid value \"1_2\": unsupported character" },
        { "foo 0x1p-3\n# EOF\n", 1, "invalid value \"0x1p-3\": unsupported character" },
        { "custom_metric 1 # {aa=\"bb\"} 1\n# EOF\n", 1, "metric name \"custom_metric\" does not support exemplars" },
        { "hist_count 1 # {aa=\"bb\"} 1\n# EOF\n", 1, "metric name \"hist_count\" does not support exemplars" },
        { "c_total 1 # {aa=bb}\n# EOF\n", 1, "expected label value, got \"bb\"" },
        { "c_total 1 # {aa=\"bb\"}\n# EOF\n", 1, "expected a space and a value after exemplar labels, got end of line" },
        { "c_total 1 # {\"name.only\"} 1\n# EOF\n", 1, "expected \"=\" after label name, got \"}\"" },
        { "c_total 1 # {aa=\"bb\"} true\n# EOF\n", 1, "invalid exemplar value \"true\"" },
        { "c_total 1 # {aa=\"bb\"} 1 NaN\n# EOF\n", 1, "invalid exemplar timestamp \"NaN\": must be a finite number" },
        { "c_total 1 # {aa=\"bb\"} 1 2 3\n# EOF\n", 1, "expected end of line, got \" 3\"" },
        { "c_total 1 # {aa=\"bb\"} 1  \n# EOF\n", 1, "expected exemplar timestamp or end of line" },
        { "a 1\n9\n# EOF\n", 2, "expected metric name or \"# \" at start of line, got \"9\"" },
    };

    [Theory]
    [MemberData(nameof(Malformed))]
    public void Next_malformedInput_reportsLineAndWhatWasExpected(string body, int line, string message)
    {
        var error = ExpositionTestReader.ReadError(body, Om);

        Assert.Equal(line, error.Line);
        Assert.Contains(message, error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void TryGetLabels_repeatedLabelName_failsNamingTheLabelAndLine()
    {
        var error = ExpositionTestReader.ReadError("ok 1\na{b=\"c\",b=\"d\"} 1\n# EOF\n", Om);

        Assert.Equal(new ExpositionError(2, "label name \"b\" is not unique"), error);
    }

    [Fact]
    public void TryGetExemplar_afterLabelsFailed_returnsFalseWithoutThrowing()
    {
        var p = new ExpositionParser("c_total{a=\"1\",a=\"2\"} 1 # {t=\"x\"} 1\n# EOF\n"u8, Om);
        Assert.Equal(ExpositionEntry.Series, p.Next());
        Assert.True(p.HasExemplar);

        Assert.False(p.TryGetLabels(out _));
        Assert.False(p.TryGetExemplar(out var exemplar));
        Assert.False(p.TryGetLabels(new LabelsBuilder()));

        Assert.Equal(default, exemplar);
        Assert.Equal(new ExpositionError(1, "label name \"a\" is not unique"), p.Error);
    }

    [Fact]
    public void TryGetExemplar_sampleWithoutExemplar_returnsFalse()
    {
        var p = new ExpositionParser("c_total 1\n# EOF\n"u8, Om);
        Assert.Equal(ExpositionEntry.Series, p.Next());

        Assert.False(p.HasExemplar);
        Assert.False(p.TryGetExemplar(out _));
        Assert.Equal(ExpositionEntry.End, p.Next());
    }

    [Fact]
    public void TryGetExemplar_repeatedLabelName_failsNamingTheLabel()
    {
        var error = ExpositionTestReader.ReadError("c_total 1 # {t=\"1\",t=\"2\"} 1\n# EOF\n", Om);

        Assert.Equal(new ExpositionError(1, "exemplar label name \"t\" is not unique"), error);
    }

    [Fact]
    public void Next_invalidUtf8InExemplarLabels_isAnError()
    {
        byte[] body = [.. "c_total 1 # {t=\""u8, 0xfe, .. "\"} 1\n# EOF\n"u8];

        var result = ExpositionTestReader.Read(body, Om);

        Assert.Equal(new ExpositionError(1, "exemplar label set is not valid UTF-8"), result.Error);
    }

    [Fact]
    public void Next_invalidUtf8InLabelValue_isAnError()
    {
        byte[] body = [.. "a{b=\""u8, 0xff, .. "\"} 1\n# EOF\n"u8];

        var result = ExpositionTestReader.Read(body, Om);

        Assert.Equal(new ExpositionError(1, "label set is not valid UTF-8"), result.Error);
    }

    [Fact]
    public void Next_nulByteInLabelValue_isKept()
    {
        var sample = ExpositionTestReader.Read("a{b=\"abc\0\"} 1\n# EOF\n", Om).Single();

        Assert.Equal("abc\0", sample.Labels!.Get("b"));
    }

    [Fact]
    public void Value_isTheSameSpellingRulesAsPrometheusText()
    {
        var samples = ExpositionTestReader.Read("a 1e3\nb -.5\nc +Infinity\nd 1.5E-3\n# EOF\n", Om).Samples;

        Assert.Equal([1000.0, -0.5, double.PositiveInfinity, 0.0015], samples.Select(s => s.Value));
    }
}
