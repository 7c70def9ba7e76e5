using Akka.Actor;
using Akka.Configuration;
using Akka.Hosting;
using Scraper.Actors.RemoteWrite;
using Scraper.Actors.RemoteWrite.Sending;
using Scraper.Actors.RemoteWrite.Watching;

namespace Scraper.Actors.Hosting;

/// <summary>Registers the node's remote-write manager.</summary>
public static class RemoteWriteHostingExtensions
{
    /// <summary>
    /// The watchers' dispatcher: reading WAL segments is blocking file I/O (page reads, and a whole checkpoint's
    /// series at start), so each watcher gets a thread of its own instead of holding one of the default pool's,
    /// where it would delay every other actor. Watchers are few (one per remote_write endpoint).
    /// </summary>
    public static readonly string DispatcherHocon = $"{WatcherActor.DispatcherId} {{ type = PinnedDispatcher }}";

    /// <summary>
    /// Starts the <see cref="RemoteWriteManagerActor"/> (registered in the ActorRegistry under its type) with the
    /// endpoints of <paramref name="setup"/>, and declares the watchers' dispatcher. Reloads send it
    /// <see cref="ApplyRemoteWriteConfig"/>; graceful shutdown sends <see cref="DrainRemoteWrite"/>.
    /// </summary>
    public static AkkaConfigurationBuilder WithRemoteWrite(this AkkaConfigurationBuilder builder, RemoteWriteSetup setup)
    {
        ArgumentNullException.ThrowIfNull(builder);
        ArgumentNullException.ThrowIfNull(setup);
        builder.AddHocon(ConfigurationFactory.ParseString(DispatcherHocon), HoconAddMode.Prepend);
        var environment = new WatcherEnvironment
        {
            WalDirectory = setup.WalDirectory,
            Notifier = setup.Notifier,
            Metrics = new RemoteWriteMetrics(setup.MetricFactory),
            ShardProps = setup.ShardProps,
            StoreProps = setup.StoreProps,
            HttpClientFactory = setup.HttpClientFactory ?? RemoteWriteHttpClientFactory.Create,
            TimeProvider = setup.TimeProvider,
        };
        return builder.WithActors((system, registry) =>
        {
            var manager = system.ActorOf(RemoteWriteManagerActor.Props(environment), RemoteWriteManagerActor.Name);
            if (!setup.Endpoints.IsDefaultOrEmpty)
            {
                manager.Tell(new ApplyRemoteWriteConfig(setup.Endpoints, setup.ExternalLabels), ActorRefs.NoSender);
            }
            registry.Register<RemoteWriteManagerActor>(manager);
        });
    }
}
