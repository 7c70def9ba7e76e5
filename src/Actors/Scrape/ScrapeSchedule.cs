using System.Globalization;
using System.Text;
using Scraper.Protocol.Model;

namespace Scraper.Actors.Scrape;

/// <summary>
/// When a target is scraped, as Prometheus computes it (scrape/target.go <c>hash</c> and <c>offset</c>, scrape.go's
/// timestamp alignment): every target has a fixed phase within its interval, derived from its labels, its URL and
/// a seed, pinned to absolute time. Every node computes the same phase for a target, so when a shard moves the
/// new owner scrapes on the old owner's grid: no gap longer than an interval, no doubled scrape.
/// </summary>
public static class ScrapeSchedule
{
    /// <summary>Prometheus's <c>ScrapeTimestampTolerance</c>: a scrape this close after its slot keeps the slot's timestamp.</summary>
    public static readonly TimeSpan TimestampTolerance = TimeSpan.FromMilliseconds(2);

    private const ulong FnvOffset = 14695981039346656037;
    private const ulong FnvPrime = 1099511628211;

    /// <summary>
    /// Prometheus's <c>Target.hash()</c>: FNV-1a 64 of the target labels' hash printed as <c>%016d</c>, then the scrape
    /// URL. <paramref name="fullLabels"/> are the target's labels after relabeling with the internal <c>__</c> labels
    /// (<see cref="Protocol.Targets.TargetBuildResult.FullLabels"/>).
    /// </summary>
    public static ulong TargetHash(Labels fullLabels, string scrapeUrl)
    {
        ArgumentNullException.ThrowIfNull(fullLabels);
        ArgumentNullException.ThrowIfNull(scrapeUrl);
        var h = FnvOffset;
        h = Fnv(h, fullLabels.Hash().ToString("D16", CultureInfo.InvariantCulture));
        return Fnv(h, scrapeUrl);
    }

    /// <summary>
    /// The seed mixed into every target's phase. Prometheus hashes the host's FQDN with the external labels, so two
    /// HA replicas scrape at different moments; a cluster must scrape at the same moment on every node, so the seed
    /// is FNV-1a 64 of <paramref name="clusterName"/> (empty for a single agent) and the external labels' text.
    /// </summary>
    public static ulong OffsetSeed(Labels externalLabels, string clusterName = "")
    {
        ArgumentNullException.ThrowIfNull(externalLabels);
        ArgumentNullException.ThrowIfNull(clusterName);
        return Fnv(Fnv(FnvOffset, clusterName), externalLabels.ToString());
    }

    /// <summary>
    /// Prometheus's <c>Target.offset</c>: the wait from <paramref name="now"/> until the target's first scrape, in
    /// (0, interval]. The target's slots are the instants whose nanoseconds since the Unix epoch are congruent to
    /// <c>(hash ^ seed) mod interval</c>.
    /// </summary>
    public static TimeSpan Offset(DateTimeOffset now, TimeSpan interval, ulong targetHash, ulong seed)
    {
        var intervalNs = Nanoseconds(interval);
        if (intervalNs <= 0)
        {
            throw new ArgumentOutOfRangeException(nameof(interval), interval, "scrape interval must be positive");
        }
        var nowNs = UnixNanoseconds(now);
        var baseNs = intervalNs - Mod(nowNs, intervalNs);
        var offsetNs = (long)((targetHash ^ seed) % (ulong)intervalNs);
        var next = baseNs + offsetNs;
        if (next > intervalNs)
        {
            next -= intervalNs;
        }
        return TimeSpan.FromTicks(next / 100);
    }

    /// <summary>The first slot after <paramref name="now"/> (see <see cref="Offset"/>).</summary>
    public static DateTimeOffset FirstSlot(DateTimeOffset now, TimeSpan interval, ulong targetHash, ulong seed) =>
        now + Offset(now, interval, targetHash, seed);

    /// <summary>
    /// The slot after <paramref name="slot"/> that is still ahead of <paramref name="now"/>: slots missed while the
    /// node was busy are skipped, as Go's ticker drops ticks.
    /// </summary>
    public static DateTimeOffset NextSlot(DateTimeOffset slot, DateTimeOffset now, TimeSpan interval)
    {
        var next = slot + interval;
        if (next > now)
        {
            return next;
        }
        var behind = (now - next).Ticks / interval.Ticks;
        return next + TimeSpan.FromTicks((behind + 1) * interval.Ticks);
    }

    /// <summary>
    /// The timestamp of a scrape that started at <paramref name="actual"/> for <paramref name="slot"/>: the slot itself
    /// when the start is within the tolerance (2 ms, at most 1% of the interval) after it, so that series sit on an
    /// exact grid and compress well; otherwise the actual start (Prometheus's <c>AlignScrapeTimestamps</c>).
    /// </summary>
    public static DateTimeOffset AlignTimestamp(DateTimeOffset slot, DateTimeOffset actual, TimeSpan interval)
    {
        var tolerance = TimeSpan.FromTicks(Math.Min(TimestampTolerance.Ticks, interval.Ticks / 100));
        var late = actual - slot;
        return late >= TimeSpan.Zero && late <= tolerance ? slot : actual;
    }

    private static long Nanoseconds(TimeSpan t) => t.Ticks * 100;

    private static long UnixNanoseconds(DateTimeOffset t) => (t.UtcTicks - DateTimeOffset.UnixEpoch.UtcTicks) * 100;

    private static long Mod(long a, long m)
    {
        var r = a % m;
        return r < 0 ? r + m : r;
    }

    private static ulong Fnv(ulong h, string text)
    {
        Span<byte> buffer = stackalloc byte[256];
        var max = Encoding.UTF8.GetMaxByteCount(text.Length);
        var bytes = max <= buffer.Length ? buffer[..Encoding.UTF8.GetBytes(text, buffer)] : Encoding.UTF8.GetBytes(text);
        foreach (var b in bytes)
        {
            h ^= b;
            h *= FnvPrime;
        }
        return h;
    }
}
