using System.Collections.Immutable;
using Akka.Actor;
using Akka.Hosting;
using Scraper.Actors.Configuration;
using Scraper.Actors.RemoteWrite;
using Scraper.Actors.Wal;

namespace Scraper.Node.Hosting;

/// <summary>
/// Reload for the sending side: the remote-write manager starts, restarts or stops watchers for the new
/// <c>remote_write</c> list and external labels (unchanged endpoints keep running), and the WAL truncation actor learns
/// which endpoints it must wait for.
/// </summary>
internal sealed class RemoteWriteConfigSubscriber(
    IRequiredActor<RemoteWriteManagerActor> manager,
    IRequiredActor<WalTruncationActor> truncation) : IConfigSubscriber
{
    private static readonly TimeSpan AskTimeout = TimeSpan.FromSeconds(30);

    public string Name => "remote_write";

    /// <summary>The endpoints the truncation actor waits for under <paramref name="options"/>.</summary>
    public static SetRemoteEndpoints Endpoints(PrometheusOptions options)
    {
        ArgumentNullException.ThrowIfNull(options);
        var names = ImmutableHashSet.CreateBuilder<string>(StringComparer.Ordinal);
        foreach (var endpoint in options.RemoteWrite)
        {
            names.Add(endpoint.RemoteName);
        }
        return new SetRemoteEndpoints(names.ToImmutable());
    }

    public async Task ApplyAsync(PrometheusOptions options, CancellationToken cancellationToken)
    {
        var managerRef = await manager.GetAsync(cancellationToken).ConfigureAwait(false);
        await managerRef.Ask<RemoteWriteConfigApplied>(
            new ApplyRemoteWriteConfig(options.RemoteWrite, options.Global.ExternalLabels), AskTimeout, cancellationToken).ConfigureAwait(false);
        var truncationRef = await truncation.GetAsync(cancellationToken).ConfigureAwait(false);
        truncationRef.Tell(Endpoints(options), ActorRefs.NoSender);
    }
}
