using Scraper.Actors.Configuration;
using Scraper.Node.Configuration;

namespace Scraper.Node.Hosting;

/// <summary>
/// The configuration the node runs with: the loaded options, their YAML for <c>/api/v1/status/config</c> (secrets
/// shown as <c>&lt;secret&gt;</c>), and how the last reload went. Replaced whole on every successful reload, so
/// readers (HTTP handlers on any thread) always see one consistent snapshot.
/// </summary>
internal sealed class ConfigState
{
    private volatile Snapshot _current;
    private volatile bool _lastReloadSuccessful = true;

    public ConfigState(PrometheusOptions initial, DateTimeOffset loadedAt) => _current = new Snapshot(initial, ConfigYamlWriter.Write(initial), loadedAt);

    /// <summary>One loaded configuration.</summary>
    public sealed record Snapshot(PrometheusOptions Options, string Yaml, DateTimeOffset LoadedAt);

    /// <summary>The configuration in effect.</summary>
    public Snapshot Current => _current;

    /// <summary>Whether the last reload attempt succeeded (true before any reload).</summary>
    public bool LastReloadSuccessful => _lastReloadSuccessful;

    /// <summary>Makes <paramref name="options"/> the configuration in effect.</summary>
    public void Replace(PrometheusOptions options, DateTimeOffset loadedAt)
    {
        _current = new Snapshot(options, ConfigYamlWriter.Write(options), loadedAt);
        _lastReloadSuccessful = true;
    }

    /// <summary>Records a failed reload; the configuration in effect stays.</summary>
    public void ReloadFailed() => _lastReloadSuccessful = false;
}
