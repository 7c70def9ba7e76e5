using Scraper.Protocol.Exposition;

namespace Scraper.Protocol.Tests.Exposition;

public sealed class SeriesKeyComparerTests
{
    [Fact]
    public void AlternateLookup_spanOfAKeyAddedAsArray_findsTheEntry()
    {
        var dict = SeriesKeyComparer.CreateDictionary<int>();
        dict["a{b=\"c\"}"u8.ToArray()] = 7;
        var lookup = dict.GetAlternateLookup<ReadOnlySpan<byte>>();

        Assert.True(lookup.TryGetValue("a{b=\"c\"}"u8, out var value));
        Assert.Equal(7, value);
        Assert.False(lookup.TryGetValue("a{b=\"d\"}"u8, out _));
        Assert.False(lookup.TryGetValue("a{b=\"c\"} "u8, out _));
    }

    [Fact]
    public void AlternateLookup_addBySpan_storesACopyOfTheBytes()
    {
        var dict = SeriesKeyComparer.CreateDictionary<int>();
        var buffer = "up"u8.ToArray();

        Assert.True(dict.GetAlternateLookup<ReadOnlySpan<byte>>().TryAdd(buffer, 1));
        buffer[0] = (byte)'x';

        Assert.True(dict.ContainsKey("up"u8.ToArray()));
        Assert.NotSame(buffer, Assert.Single(dict.Keys));
    }

    [Fact]
    public void Hashes_ofArrayAndSpanWithTheSameBytes_agree()
    {
        var comparer = new SeriesKeyComparer(seed: 42);
        var key = "node_cpu_seconds_total{cpu=\"0\",mode=\"idle\"}"u8.ToArray();

        Assert.Equal(comparer.GetHashCode(key), comparer.GetHashCode((ReadOnlySpan<byte>)key));
        Assert.True(comparer.Equals(key, key.ToArray()));
        Assert.True(comparer.Equals((ReadOnlySpan<byte>)key, key.ToArray()));
        Assert.False(comparer.Equals(key, "node_cpu_seconds_total"u8.ToArray()));
        Assert.False(comparer.Equals(key, null));
    }

    [Fact]
    public void Seed_changesTheHash()
    {
        var key = "up"u8.ToArray();

        Assert.NotEqual(new SeriesKeyComparer(1).GetHashCode(key), new SeriesKeyComparer(2).GetHashCode(key));
    }

    [Fact]
    public void WarmCache_everySeriesOfABody_isFoundByItsRawBytes()
    {
        var body = File.ReadAllBytes(Path.Combine(AppContext.BaseDirectory, "TestData", "exposition", "node-exporter.prom.txt"));
        var cache = SeriesKeyComparer.CreateDictionary<int>();
        var lookup = cache.GetAlternateLookup<ReadOnlySpan<byte>>();
        var p = new ExpositionParser(body, ExpositionFormat.PrometheusText);
        var n = 0;
        while (p.Next() is var e && e != ExpositionEntry.End)
        {
            Assert.NotEqual(ExpositionEntry.Error, e);
            if (e == ExpositionEntry.Series)
            {
                Assert.True(lookup.TryAdd(p.Series, n++));
            }
        }

        var again = new ExpositionParser(body, ExpositionFormat.PrometheusText);
        var m = 0;
        while (again.Next() is var e && e != ExpositionEntry.End)
        {
            if (e == ExpositionEntry.Series)
            {
                Assert.True(lookup.TryGetValue(again.Series, out var index));
                Assert.Equal(m++, index);
            }
        }
        Assert.Equal(n, m);
        Assert.Equal(507, n);
    }
}
