namespace Scraper.Actors.Scrape;

/// <summary>A target's health, with Prometheus's API names (<c>up</c>, <c>down</c>, <c>unknown</c>).</summary>
public enum TargetHealth
{
    /// <summary>Not scraped yet.</summary>
    Unknown,

    /// <summary>The last scrape succeeded.</summary>
    Up,

    /// <summary>The last scrape failed.</summary>
    Down,
}
