using Google.Protobuf;
using Scraper.Protocol.Buffers;
using Scraper.Protocol.Model;
using Scraper.Protocol.RemoteWrite;
using V1 = Scraper.Protocol.Proto.V1;

namespace Scraper.Protocol.Tests.RemoteWrite;

/// <summary>One sample as a test adds it to a batch.</summary>
internal readonly record struct TestSample(Labels Series, long TimestampMs, double Value);

/// <summary>Named sample sets for encoder tests, and an independent model of what the encoder must produce.</summary>
internal static class TestBatches
{
    /// <summary>The stale marker Prometheus writes: a NaN with exactly these bits.</summary>
    public const ulong StaleNaNBits = 0x7ff0000000000002;

    public static double StaleNaN => BitConverter.UInt64BitsToDouble(StaleNaNBits);

    public static readonly string[] Names =
    [
        "empty", "one-series-many-samples", "many-series", "special-floats", "unicode", "interleaved",
        "value-equal-instances", "large", "negative-and-zero-timestamps",
    ];

    public static TheoryData<string> All()
    {
        var data = new TheoryData<string>();
        foreach (var n in Names)
        {
            data.Add(n);
        }
        return data;
    }

    public static List<TestSample> Build(string name)
    {
        var list = new List<TestSample>();
        switch (name)
        {
            case "empty":
                break;
            case "one-series-many-samples":
                {
                    var s = Series("http_requests_total", "job", "api", "instance", "10.0.0.1:9100", "code", "200");
                    for (var i = 0; i < 500; i++)
                    {
                        list.Add(new TestSample(s, 1_700_000_000_000 + (i * 15_000), i * 1.5));
                    }
                    break;
                }
            case "many-series":
                for (var i = 0; i < 2000; i++)
                {
                    list.Add(new TestSample(Typical(i), 1_700_000_000_000 + i, i));
                }
                break;
            case "special-floats":
                {
                    var s = Series("special", "job", "x");
                    double[] values =
                    [
                        double.NaN, StaleNaN, double.PositiveInfinity, double.NegativeInfinity, double.Epsilon,
                        double.MaxValue, double.MinValue, -1.25, 0.1, BitConverter.UInt64BitsToDouble(0x7ff8000000000001),
                    ];
                    for (var i = 0; i < values.Length; i++)
                    {
                        list.Add(new TestSample(s, 1000 + i, values[i]));
                    }
                    break;
                }
            case "unicode":
                list.Add(new TestSample(Series("unicode_metric", "city", "Zürich", "emoji", "🚀🔥", "jp", "日本語"), 1, 1));
                list.Add(new TestSample(Series("unicode_metric", "city", "Köln", "quote", "a\"b\\c\nd"), 2, 2));
                list.Add(new TestSample(Series("ünïcødé.name", "ключ", "значение"), 3, 3));
                break;
            case "interleaved":
                {
                    var a = Series("a_metric", "job", "j");
                    var b = Series("b_metric", "job", "j");
                    var c = Series("c_metric", "job", "j");
                    for (var i = 0; i < 30; i++)
                    {
                        var s = (i % 3) switch { 0 => a, 1 => b, _ => c };
                        list.Add(new TestSample(s, 10_000 + i, i));
                    }
                    break;
                }
            case "value-equal-instances":
                // New but equal Labels instances for every sample: grouped by value, not by reference.
                for (var i = 0; i < 20; i++)
                {
                    list.Add(new TestSample(Series("same_metric", "job", "j", "instance", "i"), 100 + i, i));
                    list.Add(new TestSample(Series("other_metric", "job", "j"), 100 + i, -i));
                }
                break;
            case "large":
                for (var i = 0; i < 10_000; i++)
                {
                    list.Add(new TestSample(Series("large_metric", "job", "bulk", "id", i.ToString("D6", System.Globalization.CultureInfo.InvariantCulture),
                        "long", new string((char)('a' + (i % 26)), 200)), 1_700_000_000_000 + i, i / 7.0));
                }
                break;
            case "negative-and-zero-timestamps":
                {
                    var s = Series("edge_ts", "job", "j");
                    list.Add(new TestSample(s, -1_000, 1));
                    list.Add(new TestSample(s, 0, 0));
                    list.Add(new TestSample(s, 1, -0.5));
                    list.Add(new TestSample(s, long.MaxValue, 2));
                    break;
                }
            default:
                throw new ArgumentOutOfRangeException(nameof(name), name, "no such test batch");
        }
        return list;
    }

    /// <summary>A label set shaped like a real scrape: about 8 labels.</summary>
    public static Labels Typical(int i) => Series(
        $"node_metric_{i % 50}",
        "job", "node",
        "instance", $"10.0.{i / 250}.{i % 250}:9100",
        "cpu", (i % 16).ToString(System.Globalization.CultureInfo.InvariantCulture),
        "mode", (i % 4) switch { 0 => "idle", 1 => "user", 2 => "system", _ => "iowait" },
        "env", "production",
        "region", "eu-west-1",
        "team", "platform");

    public static Labels Series(string name, params string[] pairs)
    {
        var all = new string[pairs.Length + 2];
        all[0] = LabelNames.MetricName;
        all[1] = name;
        pairs.CopyTo(all, 2);
        return Labels.FromStrings(all);
    }

    public static RemoteWriteBatch Fill(IEnumerable<TestSample> samples)
    {
        var batch = new RemoteWriteBatch();
        foreach (var s in samples)
        {
            batch.Add(s.Series, s.TimestampMs, s.Value);
        }
        return batch;
    }

    /// <summary>Series in order of first appearance, each with its samples in the order added.</summary>
    public static List<(Labels Series, List<TestSample> Samples)> Group(IEnumerable<TestSample> samples)
    {
        var order = new List<(Labels, List<TestSample>)>();
        var index = new Dictionary<Labels, int>();
        foreach (var s in samples)
        {
            if (!index.TryGetValue(s.Series, out var i))
            {
                i = order.Count;
                index[s.Series] = i;
                order.Add((s.Series, []));
            }
            order[i].Item2.Add(s);
        }
        return order;
    }

    /// <summary>The WriteRequest the generated types build for the same content: the reference for byte equality.</summary>
    public static V1.WriteRequest ExpectedV1(IEnumerable<TestSample> samples)
    {
        var request = new V1.WriteRequest();
        foreach (var (series, list) in Group(samples))
        {
            var ts = new V1.TimeSeries();
            foreach (var l in series)
            {
                ts.Labels.Add(new V1.Label { Name = l.Name, Value = l.Value });
            }
            foreach (var s in list)
            {
                ts.Samples.Add(new V1.Sample { Timestamp = s.TimestampMs, Value = s.Value });
            }
            request.Timeseries.Add(ts);
        }
        return request;
    }

    public static byte[] Encode(Func<PooledBufferWriter, int> encode)
    {
        using var buffer = new PooledBufferWriter(16);
        var n = encode(buffer);
        Assert.Equal(n, buffer.WrittenCount);
        return buffer.WrittenSpan.ToArray();
    }

    public static byte[] ToBytes(IMessage message) => message.ToByteArray();
}
