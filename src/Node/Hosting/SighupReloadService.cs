using System.Runtime.InteropServices;
using Microsoft.Extensions.Hosting;

namespace Scraper.Node.Hosting;

/// <summary>Reloads the configuration on SIGHUP, as Prometheus does.</summary>
internal sealed class SighupReloadService(ConfigReloader reloader, IHostApplicationLifetime lifetime) : IHostedService, IDisposable
{
    private PosixSignalRegistration? _registration;

    public Task StartAsync(CancellationToken cancellationToken)
    {
        if (!OperatingSystem.IsWindows())
        {
            _registration = PosixSignalRegistration.Create(PosixSignal.SIGHUP, context =>
            {
                // Not the default action (terminate): reload in the background, as Prometheus does.
                context.Cancel = true;
                _ = reloader.ReloadAsync(lifetime.ApplicationStopping);
            });
        }
        return Task.CompletedTask;
    }

    public Task StopAsync(CancellationToken cancellationToken) => Task.CompletedTask;

    public void Dispose() => _registration?.Dispose();
}
