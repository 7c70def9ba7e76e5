using System.Globalization;
using System.Text;
using Scraper.Actors.Scrape;
using Scraper.Protocol.Model;

namespace Scraper.Actors.Tests.Scrape;

public sealed class ScrapeScheduleTests
{
    private static readonly Labels Target = Labels.FromStrings(
        "__address__", "10.0.0.1:9100", "__metrics_path__", "/metrics", "__scheme__", "http", "instance", "10.0.0.1:9100", "job", "node");

    [Fact]
    public void TargetHash_is_fnv1a_of_the_zero_padded_label_hash_then_the_url()
    {
        const string url = "http://10.0.0.1:9100/metrics";
        var text = Target.Hash().ToString("D16", CultureInfo.InvariantCulture) + url;
        ulong expected = 14695981039346656037;
        foreach (var b in Encoding.UTF8.GetBytes(text))
        {
            expected = (expected ^ b) * 1099511628211;
        }
        Assert.Equal(expected, ScrapeSchedule.TargetHash(Target, url));
    }

    [Fact]
    public void TargetHash_differs_when_the_url_differs() =>
        Assert.NotEqual(ScrapeSchedule.TargetHash(Target, "http://a:1/metrics"), ScrapeSchedule.TargetHash(Target, "http://a:1/other"));

    [Fact]
    public void Offset_lands_on_the_targets_slot_within_one_interval()
    {
        var interval = TimeSpan.FromSeconds(10);
        const ulong hash = 7_500_000_000; // 7.5 s into each 10 s window once reduced
        var now = DateTimeOffset.UnixEpoch + TimeSpan.FromSeconds(123.456);
        Assert.Equal(TimeSpan.FromMilliseconds(4044), ScrapeSchedule.Offset(now, interval, hash, seed: 0));
        Assert.Equal(DateTimeOffset.UnixEpoch + TimeSpan.FromSeconds(127.5), ScrapeSchedule.FirstSlot(now, interval, hash, 0));
    }

    [Theory]
    [InlineData(0UL)]
    [InlineData(123_456_789UL)]
    [InlineData(ulong.MaxValue)]
    public void Offset_is_positive_at_most_one_interval_and_congruent_to_the_phase(ulong hash)
    {
        var interval = TimeSpan.FromSeconds(15);
        const ulong seed = 0xdeadbeef;
        var phaseNs = (long)((hash ^ seed) % (ulong)(interval.Ticks * 100));
        var rng = new Random(42);
        for (var i = 0; i < 200; i++)
        {
            var now = DateTimeOffset.UnixEpoch + TimeSpan.FromTicks(1_700_000_000L * TimeSpan.TicksPerSecond + rng.NextInt64(0, 10_000_000_000));
            var offset = ScrapeSchedule.Offset(now, interval, hash, seed);
            Assert.InRange(offset, TimeSpan.FromTicks(1), interval);
            var slotNs = ((now + offset).UtcTicks - DateTimeOffset.UnixEpoch.UtcTicks) * 100;
            Assert.Equal(phaseNs / 100, (slotNs % (interval.Ticks * 100)) / 100);
        }
    }

    [Fact]
    public void Offset_depends_on_the_seed()
    {
        var now = DateTimeOffset.UnixEpoch + TimeSpan.FromSeconds(1000);
        var interval = TimeSpan.FromSeconds(60);
        Assert.NotEqual(ScrapeSchedule.Offset(now, interval, 42, 1_000_000_000), ScrapeSchedule.Offset(now, interval, 42, 2_000_000_000));
    }

    [Fact]
    public void OffsetSeed_is_the_same_for_the_same_labels_and_cluster()
    {
        var labels = Labels.FromStrings("region", "eu");
        Assert.Equal(ScrapeSchedule.OffsetSeed(labels, "c1"), ScrapeSchedule.OffsetSeed(Labels.FromStrings("region", "eu"), "c1"));
        Assert.NotEqual(ScrapeSchedule.OffsetSeed(labels, "c1"), ScrapeSchedule.OffsetSeed(labels, "c2"));
        Assert.NotEqual(ScrapeSchedule.OffsetSeed(labels), ScrapeSchedule.OffsetSeed(Labels.Empty));
    }

    [Fact]
    public void NextSlot_is_one_interval_later_when_on_time()
    {
        var slot = DateTimeOffset.UnixEpoch.AddSeconds(100);
        Assert.Equal(slot.AddSeconds(10), ScrapeSchedule.NextSlot(slot, slot.AddMilliseconds(3), TimeSpan.FromSeconds(10)));
    }

    [Fact]
    public void NextSlot_skips_slots_that_already_passed()
    {
        var slot = DateTimeOffset.UnixEpoch.AddSeconds(100);
        Assert.Equal(slot.AddSeconds(40), ScrapeSchedule.NextSlot(slot, slot.AddSeconds(35), TimeSpan.FromSeconds(10)));
        Assert.Equal(slot.AddSeconds(30), ScrapeSchedule.NextSlot(slot, slot.AddSeconds(20), TimeSpan.FromSeconds(10)));
    }

    [Theory]
    [InlineData(10_000, 0, true)]
    [InlineData(10_000, 2, true)]
    [InlineData(10_000, 3, false)]
    [InlineData(100, 1, true)]
    [InlineData(100, 2, false)]
    public void AlignTimestamp_keeps_the_slot_within_the_tolerance(int intervalMs, int lateMs, bool aligned)
    {
        var slot = DateTimeOffset.UnixEpoch.AddSeconds(100);
        var actual = slot.AddMilliseconds(lateMs);
        var result = ScrapeSchedule.AlignTimestamp(slot, actual, TimeSpan.FromMilliseconds(intervalMs));
        Assert.Equal(aligned ? slot : actual, result);
    }
}
