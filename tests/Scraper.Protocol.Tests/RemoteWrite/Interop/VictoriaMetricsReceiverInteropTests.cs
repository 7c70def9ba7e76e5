using System.Text.Json;
using System.Text.RegularExpressions;
using Scraper.Protocol.Model;
using Scraper.Protocol.RemoteWrite;

namespace Scraper.Protocol.Tests.RemoteWrite.Interop;

[Trait("Category", "Interop")]
public sealed partial class VictoriaMetricsReceiverInteropTests(VictoriaMetricsReceiver receiver) : IClassFixture<VictoriaMetricsReceiver>
{
    private static readonly TimeSpan ArrivalDeadline = TimeSpan.FromSeconds(30);

    [Fact]
    public async Task PostV1_variedBatch_everySampleIsExportedWithItsLabelsValuesAndTimestamps()
    {
        var ct = TestContext.Current.CancellationToken;
        var data = new InteropData(seriesCount: 300, samplesPerSeries: 5, includeNaN: false, endWithStaleMarker: false, wideRange: false);

        var (verdict, body) = await receiver.SendAsync(data.Batch, RemoteWriteProtoMessage.V1WriteRequest, ct);

        Assert.True(verdict.Outcome == RemoteWriteOutcome.Success, $"{verdict.Reason}: {body}");
        data.AssertStored(await ExportUntilAsync(data.Prefix, data.Samples.Count, ct), receiver.Name);
    }

    [Fact]
    public async Task PostV2_toVictoriaMetrics_isAnsweredSoTheClassifierFallsBackToV1()
    {
        var ct = TestContext.Current.CancellationToken;
        var data = new InteropData(seriesCount: 10, samplesPerSeries: 2, includeNaN: false, endWithStaleMarker: false);

        var (v2, _) = await receiver.SendAsync(data.Batch, RemoteWriteProtoMessage.V2Request, ct);

        Assert.Equal(RemoteWriteOutcome.FallBackToV1, v2.Outcome);
        var (v1, body) = await receiver.SendAsync(data.Batch, RemoteWriteProtoMessage.V1WriteRequest, ct);
        Assert.True(v1.Outcome == RemoteWriteOutcome.Success, $"{v1.Reason}: {body}");
        var stored = await ExportUntilAsync(data.Prefix, data.Samples.Count, ct);
        Assert.Equal(10, stored.Count);
    }

    private async Task<Dictionary<Labels, List<(long TimestampMs, double Value)>>> ExportUntilAsync(string prefix, int expectedSamples, CancellationToken ct)
    {
        // VictoriaMetrics makes fresh rows searchable after an in-memory flush: ask for it, and poll with a deadline.
        var deadline = DateTime.UtcNow + ArrivalDeadline;
        while (true)
        {
            using (var flush = await receiver.Http.GetAsync("/internal/force_flush", ct))
            {
                Assert.True(flush.IsSuccessStatusCode);
            }
            var stored = await ExportAsync(prefix, ct);
            if (stored.Values.Sum(v => v.Count) >= expectedSamples || DateTime.UtcNow > deadline)
            {
                return stored;
            }
            await Task.Delay(200, ct);
        }
    }

    private async Task<Dictionary<Labels, List<(long TimestampMs, double Value)>>> ExportAsync(string prefix, CancellationToken ct)
    {
        var match = Uri.EscapeDataString($"{{__name__=~\"{prefix}_.*\"}}");
        using var response = await receiver.Http.GetAsync($"/api/v1/export?match[]={match}", ct);
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
