using System.Collections.Immutable;
using Akka.Actor;

namespace Scraper.Actors.Scrape;

/// <summary>
/// One per node: the health of the targets scraped on this node, as their entities report it after each scrape
/// (a cheap local message). The discovery singleton asks every node's health actor (<see cref="GetTargetHealth"/>,
/// at <see cref="Path"/>) and merges the answers, so the targets API sees all nodes.
/// </summary>
public sealed class TargetHealthActor : ReceiveActor
{
    /// <summary>The actor's name under <c>/user</c>, the same on every node.</summary>
    public const string Name = "target-health";

    /// <summary>The actor's path on any node.</summary>
    public const string Path = "/user/" + Name;

    private ImmutableDictionary<string, TargetHealthInfo> _targets = ImmutableDictionary<string, TargetHealthInfo>.Empty;

    /// <summary>Creates the actor.</summary>
    public TargetHealthActor()
    {
        Receive<TargetScraped>(m => _targets = _targets.SetItem(m.Health.TargetId, m.Health));
        Receive<TargetStopped>(m => _targets = _targets.Remove(m.TargetId));
        Receive<GetTargetHealth>(_ => Sender.Tell(new TargetHealthSnapshot(_targets)));
    }

    /// <summary>Props for the actor.</summary>
    public static Props Props() => Akka.Actor.Props.Create(() => new TargetHealthActor());
}
