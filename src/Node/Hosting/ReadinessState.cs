namespace Scraper.Node.Hosting;

/// <summary>
/// Whether the agent serves normally (<c>/-/ready</c>, <c>prometheus_ready</c>): set once the WAL is open, the node
/// is an Up member of its cluster and discovery runs; cleared when a stop begins so load balancers drain first.
/// </summary>
internal sealed class ReadinessState(NodeMetrics metrics)
{
    private volatile bool _ready;

    /// <summary>True while the agent serves normally.</summary>
    public bool IsReady => _ready;

    /// <summary>Marks the agent ready or not.</summary>
    public void Set(bool ready)
    {
        _ready = ready;
        metrics.Ready.Set(ready ? 1 : 0);
    }
}
