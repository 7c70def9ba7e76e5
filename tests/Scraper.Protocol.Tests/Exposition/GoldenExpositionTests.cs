using System.Globalization;
using System.Text.Json;
using Scraper.Protocol.Exposition;
using Scraper.Protocol.Model;

namespace Scraper.Protocol.Tests.Exposition;

/// <summary>
/// Parses the golden bodies in TestData/exposition and compares every sample, metadata line and exemplar with
/// what Prometheus 2.42 stored when it scraped the same body (the *.expected.json files; see the README there).
/// </summary>
public sealed class GoldenExpositionTests
{
    public static TheoryData<string, string, ExpositionFormat> Bodies => new()
    {
        { "node-exporter.prom.txt", "node-exporter.expected.json", ExpositionFormat.PrometheusText },
        { "openmetrics-all-types.om.txt", "openmetrics-all-types.expected.json", ExpositionFormat.OpenMetrics },
    };

    [Theory]
    [MemberData(nameof(Bodies))]
    public void Parse_goldenBody_yieldsEverySeriesPrometheusStored(string bodyFile, string expectedFile, ExpositionFormat format)
    {
        var result = ExpositionTestReader.Read(ReadBody(bodyFile), format);
        using var expected = ReadExpected(expectedFile);

        Assert.Null(result.Error);
        var expectedSeries = expected.RootElement.GetProperty("series").EnumerateArray()
            .ToDictionary(s => ToLabels(s.GetProperty("labels")), s => ParseGoFloat(s.GetProperty("value").GetString()!));
        Assert.Equal(expectedSeries.Count, result.Samples.Count);
        foreach (var sample in result.Samples)
        {
            Assert.True(expectedSeries.TryGetValue(sample.Labels!, out var value), $"Prometheus did not store {sample.Labels}");
            Assert.Equal(BitConverter.DoubleToInt64Bits(value), BitConverter.DoubleToInt64Bits(sample.Value));
            Assert.Null(sample.TimestampMs);
        }
    }

    [Theory]
    [MemberData(nameof(Bodies))]
    public void Parse_goldenBody_yieldsTheMetadataPrometheusKept(string bodyFile, string expectedFile, ExpositionFormat format)
    {
        var result = ExpositionTestReader.Read(ReadBody(bodyFile), format);
        using var expected = ReadExpected(expectedFile);

        var families = new Dictionary<string, (string Type, string Help, string Unit)>();
        foreach (var e in result.Entries.Where(e => e.Kind is ExpositionEntry.Type or ExpositionEntry.Help or ExpositionEntry.Unit))
        {
            var current = families.GetValueOrDefault(e.Family, (Type: "unknown", Help: "", Unit: ""));
            families[e.Family] = e.Kind switch
            {
                ExpositionEntry.Type => current with { Type = e.Type.ToString().ToLowerInvariant() },
                ExpositionEntry.Help => current with { Help = e.Help },
                _ => current with { Unit = e.Unit },
            };
        }
        var expectedMetadata = expected.RootElement.GetProperty("metadata").EnumerateArray().ToList();
        Assert.Equal(expectedMetadata.Count, families.Count);
        foreach (var m in expectedMetadata)
        {
            var family = m.GetProperty("metric").GetString()!;
            Assert.True(families.TryGetValue(family, out var parsed), $"no metadata parsed for {family}");
            Assert.Equal(
                (m.GetProperty("type").GetString(), m.GetProperty("help").GetString(), m.GetProperty("unit").GetString()),
                (parsed.Type, parsed.Help, parsed.Unit));
        }
    }

    [Fact]
    public void Parse_openMetricsGoldenBody_yieldsTheExemplarsPrometheusStored()
    {
        var result = ExpositionTestReader.Read(ReadBody("openmetrics-all-types.om.txt"), ExpositionFormat.OpenMetrics);
        using var expected = ReadExpected("openmetrics-all-types.expected.json");

        var withExemplars = result.Samples.Where(s => s.Exemplar is not null).ToDictionary(s => s.Labels!, s => s.Exemplar!.Value);
        var expectedExemplars = expected.RootElement.GetProperty("exemplars").EnumerateArray().ToList();
        Assert.Equal(expectedExemplars.Count, withExemplars.Count);
        foreach (var e in expectedExemplars)
        {
            var exemplar = withExemplars[ToLabels(e.GetProperty("series"))];
            Assert.Equal(ToLabels(e.GetProperty("labels")), exemplar.Labels);
            Assert.Equal(ParseGoFloat(e.GetProperty("value").GetString()!), exemplar.Value);
            var ts = e.GetProperty("timestamp");
            Assert.Equal(ts.ValueKind == JsonValueKind.Null ? null : (long)Math.Round(ts.GetDouble() * 1000), exemplar.TimestampMs);
        }
    }

    [Fact]
    public void Parse_nodeExporterBody_readsEveryLineAsOneEntry()
    {
        var body = ReadBody("node-exporter.prom.txt");
        var lines = System.Text.Encoding.UTF8.GetString(body).Split('\n', StringSplitOptions.RemoveEmptyEntries);

        var result = ExpositionTestReader.Read(body, ExpositionFormat.PrometheusText);

        Assert.Equal(lines.Length, result.Entries.Count);
        Assert.Equal(lines.Count(l => !l.StartsWith('#')), result.Samples.Count);
    }

    private static byte[] ReadBody(string file) => File.ReadAllBytes(Path.Combine(AppContext.BaseDirectory, "TestData", "exposition", file));

    private static JsonDocument ReadExpected(string file) => JsonDocument.Parse(ReadBody(file));

    private static Labels ToLabels(JsonElement labels)
    {
        var b = new LabelsBuilder();
        foreach (var p in labels.EnumerateObject())
        {
            b.Set(p.Name, p.Value.GetString()!);
        }
        return b.ToLabels();
    }

    /// <summary>Reads a value as Prometheus's API prints it (Go's FormatFloat, or NaN / +Inf / -Inf).</summary>
    private static double ParseGoFloat(string s) => s switch
    {
        "NaN" => BitConverter.UInt64BitsToDouble(0x7ff8000000000001),
        "+Inf" => double.PositiveInfinity,
        "-Inf" => double.NegativeInfinity,
        _ => double.Parse(s, NumberStyles.Float, CultureInfo.InvariantCulture),
    };
}
