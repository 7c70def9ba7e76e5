using Akka.Actor;

namespace Scraper.Actors.Scrape;

/// <summary>What every scrape target entity on a node shares: node-local references handed in through Props.</summary>
/// <param name="Jobs">The node's job registry (settings with secrets and HTTP clients, by job name).</param>
/// <param name="Appender">The node's <c>AppenderActor</c>.</param>
/// <param name="Health">The node's <see cref="TargetHealthActor"/>.</param>
/// <param name="Metrics">The scrape self-metrics.</param>
/// <param name="Time">Clock and timers of the scrape schedule.</param>
/// <param name="OffsetSeed">The seed of every target's phase (<see cref="ScrapeSchedule.OffsetSeed"/>), the same on every node.</param>
public sealed record ScrapeTargetEnvironment(
    ScrapeJobRegistry Jobs,
    IActorRef Appender,
    IActorRef Health,
    ScrapeMetrics Metrics,
    TimeProvider Time,
    ulong OffsetSeed);
