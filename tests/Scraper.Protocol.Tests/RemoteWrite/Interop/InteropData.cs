using System.Globalization;
using Scraper.Protocol.Model;
using Scraper.Protocol.RemoteWrite;

namespace Scraper.Protocol.Tests.RemoteWrite.Interop;

/// <summary>A batch for the real receivers: recent timestamps, varied values and labels, a unique metric prefix.</summary>
internal sealed class InteropData
{
    /// <param name="seriesCount">Distinct series.</param>
    /// <param name="samplesPerSeries">Samples per series, 15 s apart.</param>
    /// <param name="includeNaN">Whether some samples are (ordinary) NaN.</param>
    /// <param name="endWithStaleMarker">Whether the first series ends with a stale marker.</param>
    /// <param name="wideRange">
    /// Whether 1e300 is among the values. VictoriaMetrics stores a block's values as decimals with a shared
    /// exponent, so a huge value would round the small ones of the same series: leave it out there.
    /// </param>
    public InteropData(int seriesCount, int samplesPerSeries, bool includeNaN, bool endWithStaleMarker, bool wideRange = true)
    {
        Prefix = "rwinterop_" + Guid.NewGuid().ToString("N")[..12];
        // Twenty minutes back keeps every sample inside Prometheus's appendable window of a fresh head.
        var start = DateTimeOffset.UtcNow.ToUnixTimeMilliseconds() - (20 * 60 * 1000);
        List<double> specials = [double.PositiveInfinity, double.NegativeInfinity, 0, -1.5, 0.1];
        if (includeNaN)
        {
            specials.Add(double.NaN);
        }
        if (wideRange)
        {
            specials.Add(1e300);
        }
        var series = new Labels[seriesCount];
        for (var s = 0; s < seriesCount; s++)
        {
            series[s] = TestBatches.Series(
                $"{Prefix}_m{s % 3}",
                "job", "interop",
                "instance", $"10.1.{s / 200}.{s % 200}:9100",
                "city", (s % 4) switch { 0 => "Zürich", 1 => "東京", 2 => "Paris \"quoted\"", _ => "new\nline" },
                "series", s.ToString(CultureInfo.InvariantCulture));
        }
        // Samples interleaved across series, as a WAL reader would hand them over; timestamp order per series.
        for (var i = 0; i < samplesPerSeries; i++)
        {
            for (var s = 0; s < seriesCount; s++)
            {
                var value = (s + i) % 5 == 0 ? specials[(s + i) % specials.Count] : (s * 1000) + i + 0.25;
                Samples.Add(new TestSample(series[s], start + (i * 15_000) + s, value));
            }
        }
        if (endWithStaleMarker)
        {
            StaleSeries = series[0];
            Samples.Add(new TestSample(series[0], start + (samplesPerSeries * 15_000), TestBatches.StaleNaN));
        }
        Batch = TestBatches.Fill(Samples);
    }

    public string Prefix { get; }

    public List<TestSample> Samples { get; } = [];

    public Labels? StaleSeries { get; }

    public RemoteWriteBatch Batch { get; }

    /// <summary>What a query should return: every sample except stale markers, which hide a series rather than being data.</summary>
    public Dictionary<Labels, List<(long TimestampMs, double Value)>> ExpectedVisible()
    {
        var expected = new Dictionary<Labels, List<(long, double)>>();
        foreach (var (series, samples) in TestBatches.Group(Samples))
        {
            expected[series] = samples
                .Where(s => BitConverter.DoubleToUInt64Bits(s.Value) != TestBatches.StaleNaNBits)
                .Select(s => (s.TimestampMs, s.Value))
                .ToList();
        }
        return expected;
    }

    /// <summary>Asserts that <paramref name="stored"/> holds exactly the visible series, timestamps and values.</summary>
    public void AssertStored(Dictionary<Labels, List<(long TimestampMs, double Value)>> stored, string receiver)
    {
        var expected = ExpectedVisible();
        Assert.Equal(expected.Count, stored.Count);
        foreach (var (series, samples) in expected)
        {
            Assert.True(stored.TryGetValue(series, out var got), $"series {series} missing from {receiver}");
            Assert.Equal(samples.Select(s => s.TimestampMs), got.Select(s => s.TimestampMs));
            Assert.Equal(samples.Select(s => Describe(s.Value)), got.Select(s => Describe(s.Value)));
        }
    }

    public static string Describe(double v) => double.IsNaN(v) ? "NaN" : v.ToString("R", CultureInfo.InvariantCulture);
}
