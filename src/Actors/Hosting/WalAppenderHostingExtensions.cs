using Akka.Actor;
using Akka.Configuration;
using Akka.Event;
using Akka.Hosting;
using Scraper.Actors.Wal;
using Scraper.Wal;

namespace Scraper.Actors.Hosting;

/// <summary>Registers the node's WAL appender.</summary>
public static class WalAppenderHostingExtensions
{
    /// <summary>The appender's actor name under <c>/user</c>.</summary>
    public const string ActorName = "wal-appender";

    /// <summary>
    /// Opens the WAL (replaying it and repairing a torn tail; a corrupt checkpoint fails the start) and starts the
    /// <see cref="AppenderActor"/> on its own pinned dispatcher, registered in the ActorRegistry under
    /// <see cref="AppenderActor"/>.
    /// </summary>
    public static AkkaConfigurationBuilder WithWalAppender(this AkkaConfigurationBuilder builder, WalAppenderSetup setup)
    {
        ArgumentNullException.ThrowIfNull(builder);
        ArgumentNullException.ThrowIfNull(setup);
        // Writes and fsync block their thread; a dedicated thread keeps them off the default dispatcher's pool,
        // where they would hold up every other actor.
        builder.AddHocon(ConfigurationFactory.ParseString($"{AppenderActor.DispatcherId} {{ type = PinnedDispatcher }}"), HoconAddMode.Prepend);
        return builder.WithActors((system, registry) =>
        {
            var log = Logging.GetLogger(system, "wal");
            var options = new WalWriterOptions
            {
                Directory = setup.Directory,
                SegmentSize = setup.SegmentSize,
                Compress = setup.Compress,
                SyncPolicy = setup.SyncPolicy,
                SyncInterval = setup.SyncInterval,
                TimeProvider = setup.TimeProvider,
                Notifier = setup.Notifier,
                Log = (level, text) =>
                {
                    switch (level)
                    {
                        case WalLogLevel.Error:
                            log.Error("{0}", text);
                            break;
                        case WalLogLevel.Warning:
                            log.Warning("{0}", text);
                            break;
                        default:
                            log.Info("{0}", text);
                            break;
                    }
                },
            };
            var series = new SeriesRefs();
            var writer = WalWriter.Open(options, series);
            log.Info("WAL opened in {0}: {1} series replayed, writing segment {2}", setup.Directory, series.Count, writer.Segment);
            var metrics = new AppenderMetrics(setup.MetricFactory);
            var appender = system.ActorOf(
                AppenderActor.Props(options, new OpenedWal(writer, series), metrics, setup.TimeProvider, setup.SyncCheckInterval), ActorName);
            registry.Register<AppenderActor>(appender);
        });
    }
}
