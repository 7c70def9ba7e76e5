using System.Globalization;

namespace Scraper.TestSupport;

/// <summary>
/// A scrape target on 127.0.0.1 whose counter <c>e2e_scrapes_total</c> is the number of the scrape serving it: 1 on the
/// first scrape, 2 on the second, and so on. End-to-end tests compare what a receiver holds with
/// <see cref="Served"/>: every value 1..n must arrive, in order.
/// </summary>
public sealed class CountingTarget : IAsyncDisposable
{
    /// <summary>The counter's metric name.</summary>
    public const string Metric = "e2e_scrapes_total";

    private TestHttpServer? _server;
    private long _served;

    /// <summary>host:port for a static_configs target.</summary>
    public string Address => _server!.Address;

    /// <summary>How many scrapes were answered so far (the last value served).</summary>
    public long Served => Interlocked.Read(ref _served);

    /// <summary>Starts the target.</summary>
    public static async Task<CountingTarget> StartAsync(CancellationToken cancellationToken = default)
    {
        var target = new CountingTarget();
        target._server = await TestHttpServer.StartAsync(
            context =>
            {
                var n = Interlocked.Increment(ref target._served);
                var body = $"# HELP {Metric} Scrapes served.\n# TYPE {Metric} counter\n{Metric}{{source=\"e2e\"}} {n.ToString(CultureInfo.InvariantCulture)}\n";
                return TestHttpServer.Write(context, body, "text/plain; version=0.0.4");
            },
            cancellationToken).ConfigureAwait(false);
        return target;
    }

    /// <summary>Waits until at least <paramref name="count"/> scrapes were served.</summary>
    public async Task WaitServedAsync(long count, TimeSpan timeout, CancellationToken cancellationToken = default)
    {
        if (!await Poll.UntilAsync(() => Task.FromResult(Served >= count), timeout, cancellationToken).ConfigureAwait(false))
        {
            throw new TimeoutException($"the target served {Served} scrapes, not {count}, within {timeout}");
        }
    }

    /// <inheritdoc/>
    public ValueTask DisposeAsync() => _server?.DisposeAsync() ?? ValueTask.CompletedTask;
}
