namespace Scraper.Actors.Hosting;

/// <summary>ActorRegistry key of the proxy to the target discovery singleton.</summary>
public sealed class TargetDiscoveryKey;
