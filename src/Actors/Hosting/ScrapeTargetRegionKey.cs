namespace Scraper.Actors.Hosting;

/// <summary>ActorRegistry key of the scrape target shard region.</summary>
public sealed class ScrapeTargetRegionKey;
