using Akka.Actor;
using Akka.Cluster;
using Scraper.Actors.Scrape;

namespace Scraper.Actors.Discovery;

/// <summary>Asks the <see cref="TargetHealthActor"/> of every cluster member for the health of the targets it scrapes.</summary>
internal static class NodeHealth
{
    /// <summary>
    /// Starts one ask per member that is up (the answer is null for a member that does not answer in time). Call on the
    /// actor thread: the selections are made before the method returns; only the answers arrive later.
    /// </summary>
    public static Task<TargetHealthSnapshot?[]> GatherAsync(IActorContext context)
    {
        var cluster = Cluster.Get(context.System);
        var asks = cluster.State.Members
            .Where(member => member.Status is MemberStatus.Up or MemberStatus.WeaklyUp or MemberStatus.Leaving)
            .Select(member => member.Address)
            .DefaultIfEmpty(cluster.SelfAddress)
            .Select(address => AskAsync(context.ActorSelection(new RootActorPath(address) / "user" / TargetHealthActor.Name)))
            .ToList();
        return Task.WhenAll(asks);
    }

    private static async Task<TargetHealthSnapshot?> AskAsync(ActorSelection selection)
    {
        try
        {
            return await selection.Ask<TargetHealthSnapshot>(GetTargetHealth.Instance, TargetDiscoveryEnvironment.HealthTimeout).ConfigureAwait(false);
        }
        catch (AskTimeoutException)
        {
            return null;
        }
    }
}
