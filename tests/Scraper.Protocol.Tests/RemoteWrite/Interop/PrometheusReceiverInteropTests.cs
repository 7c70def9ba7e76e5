using System.Globalization;
using Scraper.Protocol.Model;
using Scraper.Protocol.RemoteWrite;
using Scraper.TestSupport;

namespace Scraper.Protocol.Tests.RemoteWrite.Interop;

[Trait("Category", "Interop")]
public sealed class PrometheusReceiverInteropTests(PrometheusReceiverFixture fixture) : IClassFixture<PrometheusReceiverFixture>
{
    private readonly PrometheusReceiver _receiver = fixture.Receiver;

    [Fact]
    public async Task PostV1_variedBatch_everySampleIsQueryableWithItsLabelsValuesAndTimestamps()
    {
        var ct = TestContext.Current.CancellationToken;
        var data = new InteropData(seriesCount: 60, samplesPerSeries: 6, includeNaN: true, endWithStaleMarker: true);

        var (verdict, body) = await InteropSend.SendAsync(_receiver, _receiver.WriteUrl, data.Batch, RemoteWriteProtoMessage.V1WriteRequest, ct);

        Assert.True(verdict.Outcome == RemoteWriteOutcome.Success, $"{verdict.Reason}: {body}");
        data.AssertStored(await QueryRawAsync(data.Prefix, ct), _receiver.Name);
    }

    [Fact]
    public async Task PostV1_staleMarker_endsTheSeriesForInstantQueries()
    {
        // Prometheus recognises a stale marker only by its exact bits; a plain NaN would be returned as a value.
        var ct = TestContext.Current.CancellationToken;
        var data = new InteropData(seriesCount: 2, samplesPerSeries: 3, includeNaN: false, endWithStaleMarker: true);

        var (verdict, body) = await InteropSend.SendAsync(_receiver, _receiver.WriteUrl, data.Batch, RemoteWriteProtoMessage.V1WriteRequest, ct);

        Assert.True(verdict.Outcome == RemoteWriteOutcome.Success, $"{verdict.Reason}: {body}");
        var staleAt = data.Samples[^1].TimestampMs;
        var instant = await PrometheusApi.QueryAsync(
            _receiver.Http, $"{{__name__=~\"{data.Prefix}_.*\"}}", DateTimeOffset.FromUnixTimeMilliseconds(staleAt + 1), ct);
        var names = instant.Select(r => r.Labels["series"]).ToList();
        Assert.Equal(["1"], names);
    }

    [Fact]
    public async Task PostV2_toPrometheus242_isAnsweredSoTheClassifierFallsBackToV1()
    {
        var ct = TestContext.Current.CancellationToken;
        var data = new InteropData(seriesCount: 10, samplesPerSeries: 2, includeNaN: false, endWithStaleMarker: false);

        var (v2, _) = await InteropSend.SendAsync(_receiver, _receiver.WriteUrl, data.Batch, RemoteWriteProtoMessage.V2Request, ct);

        Assert.Equal(RemoteWriteOutcome.FallBackToV1, v2.Outcome);
        // It read the 2.0 body as an empty 1.0 WriteRequest: nothing arrived.
        Assert.Empty(await QueryRawAsync(data.Prefix, ct));
        // The fallback itself: the same batch as 1.0 is accepted and stored.
        var (v1, body) = await InteropSend.SendAsync(_receiver, _receiver.WriteUrl, data.Batch, RemoteWriteProtoMessage.V1WriteRequest, ct);
        Assert.True(v1.Outcome == RemoteWriteOutcome.Success, $"{v1.Reason}: {body}");
        Assert.Equal(10, (await QueryRawAsync(data.Prefix, ct)).Count);
    }

    [Fact]
    public async Task PostGarbage_isAnswered400AndClassifiedAsDrop()
    {
        var ct = TestContext.Current.CancellationToken;

        using var response = await RemoteWriteClient.PostAsync(_receiver.Http, _receiver.WriteUrl, new byte[] { 1, 2, 3, 4 }, RemoteWriteProtoMessage.V1WriteRequest, ct);

        Assert.Equal(400, (int)response.StatusCode);
        Assert.Equal(RemoteWriteOutcome.Drop, RemoteWriteResponseClassifier.Classify(RemoteWriteResponse.From(response),
            RemoteWriteProtoMessage.V1WriteRequest, 1, false, DateTimeOffset.UtcNow).Outcome);
    }

    private async Task<Dictionary<Labels, List<(long TimestampMs, double Value)>>> QueryRawAsync(string prefix, CancellationToken ct)
    {
        // A range selector returns the raw samples (stale markers excluded), at ms precision.
        var result = new Dictionary<Labels, List<(long, double)>>();
        var at = DateTimeOffset.UtcNow.AddSeconds(60);
        foreach (var series in await PrometheusApi.QueryAsync(_receiver.Http, $"{{__name__=~\"{prefix}_.*\"}}[1h]", at, ct))
        {
            var labels = new LabelsBuilder();
            foreach (var (name, value) in series.Labels)
            {
                labels.Set(name, value);
            }
            result[labels.ToLabels()] = series.Points.Select(p => (p.TimestampMs, ParsePromValue(p.Value))).ToList();
        }
        return result;
    }

    private static double ParsePromValue(string s) => s switch
    {
        "NaN" => double.NaN,
        "+Inf" => double.PositiveInfinity,
        "-Inf" => double.NegativeInfinity,
        _ => double.Parse(s, CultureInfo.InvariantCulture),
    };
}
