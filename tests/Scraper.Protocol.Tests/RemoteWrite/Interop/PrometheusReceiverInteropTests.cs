using System.Globalization;
using System.Text.Json;
using Scraper.Protocol.Model;
using Scraper.Protocol.RemoteWrite;

namespace Scraper.Protocol.Tests.RemoteWrite.Interop;

[Trait("Category", "Interop")]
public sealed class PrometheusReceiverInteropTests(PrometheusReceiver receiver) : IClassFixture<PrometheusReceiver>
{
    [Fact]
    public async Task PostV1_variedBatch_everySampleIsQueryableWithItsLabelsValuesAndTimestamps()
    {
        var ct = TestContext.Current.CancellationToken;
        var data = new InteropData(seriesCount: 60, samplesPerSeries: 6, includeNaN: true, endWithStaleMarker: true);

        var (verdict, body) = await receiver.SendAsync(data.Batch, RemoteWriteProtoMessage.V1WriteRequest, ct);

        Assert.True(verdict.Outcome == RemoteWriteOutcome.Success, $"{verdict.Reason}: {body}");
        data.AssertStored(await QueryRawAsync(data.Prefix, ct), receiver.Name);
    }

    [Fact]
    public async Task PostV1_staleMarker_endsTheSeriesForInstantQueries()
    {
        // Prometheus recognises a stale marker only by its exact bits; a plain NaN would be returned as a value.
        var ct = TestContext.Current.CancellationToken;
        var data = new InteropData(seriesCount: 2, samplesPerSeries: 3, includeNaN: false, endWithStaleMarker: true);

        var (verdict, body) = await receiver.SendAsync(data.Batch, RemoteWriteProtoMessage.V1WriteRequest, ct);

        Assert.True(verdict.Outcome == RemoteWriteOutcome.Success, $"{verdict.Reason}: {body}");
        var staleAt = data.Samples[^1].TimestampMs;
        var instant = await QueryAsync($"{{__name__=~\"{data.Prefix}_.*\"}}", (staleAt + 1) / 1000.0, ct);
        var names = instant.Select(r => r.GetProperty("metric").GetProperty("series").GetString()).ToList();
        Assert.Equal(["1"], names);
    }

    [Fact]
    public async Task PostV2_toPrometheus242_isAnsweredSoTheClassifierFallsBackToV1()
    {
        var ct = TestContext.Current.CancellationToken;
        var data = new InteropData(seriesCount: 10, samplesPerSeries: 2, includeNaN: false, endWithStaleMarker: false);

        var (v2, _) = await receiver.SendAsync(data.Batch, RemoteWriteProtoMessage.V2Request, ct);

        Assert.Equal(RemoteWriteOutcome.FallBackToV1, v2.Outcome);
        // It read the 2.0 body as an empty 1.0 WriteRequest: nothing arrived.
        Assert.Empty(await QueryRawAsync(data.Prefix, ct));
        // The fallback itself: the same batch as 1.0 is accepted and stored.
        var (v1, body) = await receiver.SendAsync(data.Batch, RemoteWriteProtoMessage.V1WriteRequest, ct);
        Assert.True(v1.Outcome == RemoteWriteOutcome.Success, $"{v1.Reason}: {body}");
        Assert.Equal(10, (await QueryRawAsync(data.Prefix, ct)).Count);
    }

    [Fact]
    public async Task PostGarbage_isAnswered400AndClassifiedAsDrop()
    {
        var ct = TestContext.Current.CancellationToken;

        using var response = await receiver.PostAsync(new byte[] { 1, 2, 3, 4 }, RemoteWriteProtoMessage.V1WriteRequest, ct);

        Assert.Equal(400, (int)response.StatusCode);
        Assert.Equal(RemoteWriteOutcome.Drop, RemoteWriteResponseClassifier.Classify(RemoteWriteResponse.From(response),
            RemoteWriteProtoMessage.V1WriteRequest, 1, false, DateTimeOffset.UtcNow).Outcome);
    }

    private async Task<Dictionary<Labels, List<(long TimestampMs, double Value)>>> QueryRawAsync(string prefix, CancellationToken ct)
    {
        // A range selector returns the raw samples (stale markers excluded), at ms precision.
        var at = (DateTimeOffset.UtcNow.ToUnixTimeMilliseconds() / 1000.0) + 60;
        var result = new Dictionary<Labels, List<(long, double)>>();
        foreach (var r in await QueryAsync($"{{__name__=~\"{prefix}_.*\"}}[1h]", at, ct))
        {
            var labels = new LabelsBuilder();
            foreach (var p in r.GetProperty("metric").EnumerateObject())
            {
                labels.Set(p.Name, p.Value.GetString()!);
            }
            var samples = new List<(long, double)>();
            foreach (var v in r.GetProperty("values").EnumerateArray())
            {
                samples.Add(((long)(v[0].GetDecimal() * 1000), ParsePromValue(v[1].GetString()!)));
            }
            result[labels.ToLabels()] = samples;
        }
        return result;
    }

    private async Task<List<JsonElement>> QueryAsync(string query, double atSeconds, CancellationToken ct)
    {
        var url = $"/api/v1/query?query={Uri.EscapeDataString(query)}&time={atSeconds.ToString("F3", CultureInfo.InvariantCulture)}";
        using var response = await receiver.Http.GetAsync(url, ct);
        var body = await response.Content.ReadAsStringAsync(ct);
        Assert.True(response.IsSuccessStatusCode, $"query {query}: HTTP {(int)response.StatusCode} {body}");
        using var doc = JsonDocument.Parse(body);
        return doc.RootElement.GetProperty("data").GetProperty("result").EnumerateArray().Select(e => e.Clone()).ToList();
    }

    private static double ParsePromValue(string s) => s switch
    {
        "NaN" => double.NaN,
        "+Inf" => double.PositiveInfinity,
        "-Inf" => double.NegativeInfinity,
        _ => double.Parse(s, CultureInfo.InvariantCulture),
    };
}
