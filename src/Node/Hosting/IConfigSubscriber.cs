using Scraper.Actors.Configuration;

namespace Scraper.Node.Hosting;

/// <summary>A part of the agent that takes a new configuration on reload (discovery, remote write).</summary>
internal interface IConfigSubscriber
{
    /// <summary>Name for log lines.</summary>
    string Name { get; }

    /// <summary>Applies <paramref name="options"/>; throws when the part could not take it.</summary>
    Task ApplyAsync(PrometheusOptions options, CancellationToken cancellationToken);
}
