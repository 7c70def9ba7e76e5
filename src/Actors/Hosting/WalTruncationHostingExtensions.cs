using Akka.Hosting;
using Scraper.Actors.RemoteWrite;
using Scraper.Actors.Wal;

namespace Scraper.Actors.Hosting;

/// <summary>Registers the node's WAL truncation actor.</summary>
public static class WalTruncationHostingExtensions
{
    /// <summary>The truncation actor's name under <c>/user</c>.</summary>
    public const string ActorName = "wal-truncation";

    /// <summary>
    /// Starts the <see cref="WalTruncationActor"/> over the <see cref="AppenderActor"/> (so call it after
    /// <c>WithWalAppender</c>, and before the remote-write watchers start, whose first progress it must hear),
    /// registered in the ActorRegistry under <see cref="WalTruncationActor"/>. The node then sends it
    /// <see cref="SetRemoteEndpoints"/> at start and on every reload.
    /// </summary>
    public static AkkaConfigurationBuilder WithWalTruncation(this AkkaConfigurationBuilder builder, WalTruncationSetup setup)
    {
        ArgumentNullException.ThrowIfNull(builder);
        ArgumentNullException.ThrowIfNull(setup);
        return builder.WithActors((system, registry) =>
        {
            var settings = new WalTruncationSettings
            {
                Options = setup.Options,
                MaxSizeBytes = setup.MaxSizeBytes,
                DiskCheckInterval = setup.DiskCheckInterval,
                TruncateTimeout = setup.TruncateTimeout,
            };
            var actor = system.ActorOf(
                WalTruncationActor.Props(registry.Get<AppenderActor>(), settings, new RemoteWriteMetrics(setup.MetricFactory), setup.TimeProvider),
                ActorName);
            registry.Register<WalTruncationActor>(actor);
        });
    }
}
