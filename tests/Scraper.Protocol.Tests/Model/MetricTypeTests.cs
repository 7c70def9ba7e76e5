using Scraper.Protocol.Model;
using V1 = Scraper.Protocol.Proto.V1;
using V2 = Scraper.Protocol.Proto.V2;

namespace Scraper.Protocol.Tests.Model;

/// <summary>The one metric type enum is written to the wire as its number: it must be each format's number.</summary>
public sealed class MetricTypeTests
{
    [Theory]
    [InlineData(MetricType.Unknown, V1.MetricMetadata.Types.MetricType.Unknown, V2.Metadata.Types.MetricType.Unspecified, 0)]
    [InlineData(MetricType.Counter, V1.MetricMetadata.Types.MetricType.Counter, V2.Metadata.Types.MetricType.Counter, 1)]
    [InlineData(MetricType.Gauge, V1.MetricMetadata.Types.MetricType.Gauge, V2.Metadata.Types.MetricType.Gauge, 2)]
    [InlineData(MetricType.Histogram, V1.MetricMetadata.Types.MetricType.Histogram, V2.Metadata.Types.MetricType.Histogram, 3)]
    [InlineData(MetricType.GaugeHistogram, V1.MetricMetadata.Types.MetricType.Gaugehistogram, V2.Metadata.Types.MetricType.Gaugehistogram, 4)]
    [InlineData(MetricType.Summary, V1.MetricMetadata.Types.MetricType.Summary, V2.Metadata.Types.MetricType.Summary, 5)]
    [InlineData(MetricType.Info, V1.MetricMetadata.Types.MetricType.Info, V2.Metadata.Types.MetricType.Info, 6)]
    [InlineData(MetricType.StateSet, V1.MetricMetadata.Types.MetricType.Stateset, V2.Metadata.Types.MetricType.Stateset, 7)]
    public void Value_equalsRemoteWriteEnumsAndPrometheusWalByte(
        MetricType type, V1.MetricMetadata.Types.MetricType v1, V2.Metadata.Types.MetricType v2, byte walByte)
    {
        Assert.Equal((int)v1, (int)type);
        Assert.Equal((int)v2, (int)type);
        // tsdb/record: UnknownMT 0, Counter 1, Gauge 2, HistogramSample 3, GaugeHistogram 4, Summary 5, Info 6, Stateset 7.
        Assert.Equal(walByte, (byte)type);
    }

    [Fact]
    public void Values_coverEveryRemoteWriteType()
    {
        Assert.Equal(Enum.GetValues<V1.MetricMetadata.Types.MetricType>().Select(v => (int)v), Enum.GetValues<MetricType>().Select(v => (int)v));
        Assert.Equal(Enum.GetValues<V2.Metadata.Types.MetricType>().Select(v => (int)v), Enum.GetValues<MetricType>().Select(v => (int)v));
    }
}
