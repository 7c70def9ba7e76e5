using System.Text.Json;
using System.Text.RegularExpressions;
using Scraper.Protocol.Model;
using Scraper.Protocol.RemoteWrite;
using Scraper.TestSupport;

namespace Scraper.Protocol.Tests.RemoteWrite.Interop;

[Trait("Category", "Interop")]
public sealed partial class VictoriaMetricsReceiverInteropTests(VictoriaMetricsReceiverFixture fixture) : IClassFixture<VictoriaMetricsReceiverFixture>
{
    private readonly VictoriaMetricsReceiver _receiver = fixture.Receiver;

    private static readonly TimeSpan ArrivalDeadline = TimeSpan.FromSeconds(30);

    [Fact]
    public async Task PostV1_variedBatch_everySampleIsExportedWithItsLabelsValuesAndTimestamps()
    {
        var ct = TestContext.Current.CancellationToken;
        var data = new InteropData(seriesCount: 300, samplesPerSeries: 5, includeNaN: false, endWithStaleMarker: false, wideRange: false);

        var (verdict, body) = await InteropSend.SendAsync(_receiver, _receiver.WriteUrl, data.Batch, RemoteWriteProtoMessage.V1WriteRequest, ct);

        Assert.True(verdict.Outcome == RemoteWriteOutcome.Success, $"{verdict.Reason}: {body}");
        data.AssertStored(await ExportUntilAsync(data.Prefix, data.Samples.Count, ct), _receiver.Name);
    }

    [Fact]
    public async Task PostV2_toVictoriaMetrics_isAnsweredSoTheClassifierFallsBackToV1()
    {
        var ct = TestContext.Current.CancellationToken;
        var data = new InteropData(seriesCount: 10, samplesPerSeries: 2, includeNaN: false, endWithStaleMarker: false);

        var (v2, _) = await InteropSend.SendAsync(_receiver, _receiver.WriteUrl, data.Batch, RemoteWriteProtoMessage.V2Request, ct);

        Assert.Equal(RemoteWriteOutcome.FallBackToV1, v2.Outcome);
        var (v1, body) = await InteropSend.SendAsync(_receiver, _receiver.WriteUrl, data.Batch, RemoteWriteProtoMessage.V1WriteRequest, ct);
        Assert.True(v1.Outcome == RemoteWriteOutcome.Success, $"{v1.Reason}: {body}");
        var stored = await ExportUntilAsync(data.Prefix, data.Samples.Count, ct);
        Assert.Equal(10, stored.Count);
    }

    private async Task<Dictionary<Labels, List<(long TimestampMs, double Value)>>> ExportUntilAsync(string prefix, int expectedSamples, CancellationToken ct)
    {
        // VictoriaMetrics makes fresh rows searchable after an in-memory flush: ask for it, and poll with a deadline.
        // What is there when the deadline passes goes to the caller's assertions, which say what is missing.
        var stored = new Dictionary<Labels, List<(long TimestampMs, double Value)>>();
        await Poll.UntilAsync(
            async () =>
            {
                await _receiver.FlushAsync(ct);
                stored = await ExportAsync(prefix, ct);
                return stored.Values.Sum(v => v.Count) >= expectedSamples;
            },
            ArrivalDeadline,
            ct);
        return stored;
    }

    private async Task<Dictionary<Labels, List<(long TimestampMs, double Value)>>> ExportAsync(string prefix, CancellationToken ct)
    {
        var match = Uri.EscapeDataString($"{{__name__=~\"{prefix}_.*\"}}");
        using var response = await _receiver.Http.GetAsync($"/api/v1/export?match[]={match}", ct);
        var body = await response.Content.ReadAsStringAsync(ct);
        Assert.True(response.IsSuccessStatusCode, $"export: HTTP {(int)response.StatusCode} {body}");
        var result = new Dictionary<Labels, List<(long, double)>>();
        foreach (var line in body.Split('\n', StringSplitOptions.RemoveEmptyEntries))
        {
            // VictoriaMetrics writes +Inf, -Inf and NaN as bare tokens, which is not JSON: quote them first.
            using var doc = JsonDocument.Parse(BareFloatToken().Replace(line, "$1\"$2\""));
            var labels = new LabelsBuilder();
            foreach (var p in doc.RootElement.GetProperty("metric").EnumerateObject())
            {
                labels.Set(p.Name, p.Value.GetString()!);
            }
            var values = doc.RootElement.GetProperty("values").EnumerateArray().Select(ParseVmValue).ToList();
            var timestamps = doc.RootElement.GetProperty("timestamps").EnumerateArray().Select(t => t.GetInt64()).ToList();
            var key = labels.ToLabels();
            if (!result.TryGetValue(key, out var list))
            {
                result[key] = list = [];
            }
            list.AddRange(timestamps.Zip(values));
        }
        foreach (var list in result.Values)
        {
            list.Sort((a, b) => a.Item1.CompareTo(b.Item1));
        }
        return result;
    }

    [GeneratedRegex(@"([\[,])(\+Inf|-Inf|NaN)(?=[,\]])")]
    private static partial Regex BareFloatToken();

    private static double ParseVmValue(JsonElement v) => v.ValueKind switch
    {
        JsonValueKind.Number => v.GetDouble(),
        JsonValueKind.String => v.GetString() switch
        {
            "+Inf" => double.PositiveInfinity,
            "-Inf" => double.NegativeInfinity,
            "NaN" => double.NaN,
            var other => throw new FormatException($"unexpected value {other} in VictoriaMetrics export"),
        },
        _ => throw new FormatException($"unexpected value {v} in VictoriaMetrics export"),
    };
}
