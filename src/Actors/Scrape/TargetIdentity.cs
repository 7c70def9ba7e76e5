using System.Globalization;
using Scraper.Protocol.Model;

namespace Scraper.Actors.Scrape;

/// <summary>A target's entity id: its Prometheus target hash (labels and URL), the same on every node.</summary>
public static class TargetIdentity
{
    /// <summary>The entity id of a target: <see cref="ScrapeSchedule.TargetHash"/> as 16 lower-case hex digits.</summary>
    public static string EntityId(Labels fullLabels, string scrapeUrl) => Format(ScrapeSchedule.TargetHash(fullLabels, scrapeUrl));

    /// <summary>Formats a target hash as an entity id.</summary>
    public static string Format(ulong hash) => hash.ToString("x16", CultureInfo.InvariantCulture);

    /// <summary>The target hash back from an entity id (for the scrape phase).</summary>
    public static bool TryParse(string entityId, out ulong hash) =>
        ulong.TryParse(entityId, NumberStyles.AllowHexSpecifier, CultureInfo.InvariantCulture, out hash);
}
