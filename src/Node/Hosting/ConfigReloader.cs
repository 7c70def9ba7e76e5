using Microsoft.Extensions.Logging;
using Scraper.Node.Configuration;

namespace Scraper.Node.Hosting;

/// <summary>
/// Reloads <c>--config.file</c> on <c>/-/reload</c> and SIGHUP, as Prometheus does: a file that does not load
/// leaves the running configuration in place and is reported (log, <c>prometheus_config_last_reload_successful</c>
/// 0, the error in the HTTP answer); a good one is handed to every subscriber. One reload at a time.
/// </summary>
internal sealed partial class ConfigReloader(
    AgentOptions agent,
    ConfigState state,
    IEnumerable<IConfigSubscriber> subscribers,
    NodeMetrics metrics,
    TimeProvider time,
    ILogger<ConfigReloader> log) : IDisposable
{
    private readonly SemaphoreSlim _gate = new(1, 1);

    /// <summary>Reloads; null on success, else the reason (with file and line).</summary>
    public async Task<string?> ReloadAsync(CancellationToken cancellationToken)
    {
        await _gate.WaitAsync(cancellationToken).ConfigureAwait(false);
        try
        {
            // Prometheus starts and reloads even when a secret file is missing (it reads it per request).
            var result = ConfigLoader.LoadFile(agent.ConfigFile, ConfigLoaderOptions.Default with { CheckReferencedFiles = false });
            if (!result.IsValid || result.Options is null)
            {
                var reason = string.Join("; ", result.Errors.Select(e => e.ToString()));
                return Failed(reason);
            }
            foreach (var s in subscribers)
            {
                try
                {
                    await s.ApplyAsync(result.Options, cancellationToken).ConfigureAwait(false);
                }
                catch (Exception e) when (e is not OperationCanceledException || !cancellationToken.IsCancellationRequested)
                {
                    return Failed($"{s.Name}: {e.Message}");
                }
            }
            var now = time.GetUtcNow();
            state.Replace(result.Options, now);
            metrics.ReloadSuccessful.Set(1);
            metrics.ReloadSuccessTimestamp.Set(now.ToUnixTimeMilliseconds() / 1000.0);
            LogReloaded(log, agent.ConfigFile);
            return null;
        }
        finally
        {
            _gate.Release();
        }
    }

    /// <summary>Records the first load at start-up.</summary>
    public void RecordInitialLoad()
    {
        metrics.ReloadSuccessful.Set(1);
        metrics.ReloadSuccessTimestamp.Set(state.Current.LoadedAt.ToUnixTimeMilliseconds() / 1000.0);
    }

    public void Dispose() => _gate.Dispose();

    private string Failed(string reason)
    {
        state.ReloadFailed();
        metrics.ReloadSuccessful.Set(0);
        LogReloadFailed(log, agent.ConfigFile, reason);
        return reason;
    }

    [LoggerMessage(Level = LogLevel.Information, Message = "Completed loading of configuration file {Filename}")]
    private static partial void LogReloaded(ILogger logger, string filename);

    [LoggerMessage(Level = LogLevel.Error, Message = "Error reloading config (--config.file={Filename}): {Err}")]
    private static partial void LogReloadFailed(ILogger logger, string filename, string err);
}
