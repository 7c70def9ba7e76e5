namespace Scraper.TestSupport;

/// <summary>Prometheus 2.42 as a remote-write receiver (<c>--web.enable-remote-write-receiver</c>).</summary>
public sealed class PrometheusReceiver(string? directory = null, int? port = null) : PeerProcess(directory, port)
{
    /// <summary>Where remote write posts.</summary>
    public string WriteUrl => BaseUrl + "/api/v1/write";

    /// <inheritdoc/>
    public override string Name => "prometheus receiver";

    /// <inheritdoc/>
    protected override string Executable => "/usr/bin/prometheus";

    /// <inheritdoc/>
    protected override string ReadyPath => "/-/ready";

    /// <inheritdoc/>
    protected override IEnumerable<string> Arguments()
    {
        var config = Path.Combine(Directory, "receiver.yml");
        File.WriteAllText(config, "global:\n  scrape_interval: 1m\n");
        return
        [
            "--config.file=" + config,
            "--storage.tsdb.path=" + Path.Combine(Directory, "tsdb"),
            "--storage.tsdb.retention.time=100y",
            $"--web.listen-address=127.0.0.1:{Port}",
            "--web.enable-remote-write-receiver",
            "--log.level=warn",
        ];
    }

    /// <summary>Runs a PromQL instant query.</summary>
    public Task<IReadOnlyList<QueriedSeries>> QueryAsync(string promql, CancellationToken cancellationToken = default) =>
        PrometheusApi.QueryAsync(Http, promql, null, cancellationToken);
}

/// <summary>VictoriaMetrics single node as a remote-write receiver.</summary>
public sealed class VictoriaMetricsReceiver(string? directory = null, int? port = null) : PeerProcess(directory, port)
{
    /// <summary>Where remote write posts.</summary>
    public string WriteUrl => BaseUrl + "/api/v1/write";

    /// <inheritdoc/>
    public override string Name => "victoria-metrics";

    /// <inheritdoc/>
    protected override string Executable => "/usr/bin/victoria-metrics";

    /// <inheritdoc/>
    protected override string ReadyPath => "/health";

    /// <inheritdoc/>
    protected override IEnumerable<string> Arguments() =>
    [
        $"-httpListenAddr=127.0.0.1:{Port}",
        "-storageDataPath=" + Path.Combine(Directory, "vm"),
        "-retentionPeriod=100y",
        "-loggerLevel=WARN",
        // Make just-written samples queryable at once instead of after the default 30 s search latency.
        "-search.latencyOffset=0s",
    ];

    /// <summary>Flushes buffered rows so a query sees them, then runs a PromQL instant query.</summary>
    public async Task<IReadOnlyList<QueriedSeries>> QueryAsync(string promql, CancellationToken cancellationToken = default)
    {
        await FlushAsync(cancellationToken).ConfigureAwait(false);
        return await PrometheusApi.QueryAsync(Http, promql, null, cancellationToken).ConfigureAwait(false);
    }

    /// <summary>
    /// Makes the rows received so far searchable (<c>/internal/force_flush</c>); VictoriaMetrics otherwise
    /// buffers fresh rows in memory for a while. Throws when it does not answer 2xx.
    /// </summary>
    public async Task FlushAsync(CancellationToken cancellationToken = default)
    {
        using var response = await Http.GetAsync(new Uri("/internal/force_flush", UriKind.Relative), cancellationToken).ConfigureAwait(false);
        response.EnsureSuccessStatusCode();
    }

    /// <summary><c>vm_rows_inserted_total</c> summed over its types: rows the receiver accepted.</summary>
    public async Task<long> RowsInsertedAsync(CancellationToken cancellationToken = default) =>
        (long)(await MetricSumAsync("vm_rows_inserted_total", cancellationToken).ConfigureAwait(false) ?? 0);
}

/// <summary>Debian's prometheus-node-exporter: a real scrape target.</summary>
public sealed class NodeExporter(string? directory = null, int? port = null) : PeerProcess(directory, port)
{
    /// <summary>host:port for a static_configs target.</summary>
    public string Address => $"127.0.0.1:{Port}";

    /// <inheritdoc/>
    public override string Name => "node exporter";

    /// <inheritdoc/>
    protected override string Executable => "/usr/bin/prometheus-node-exporter";

    /// <inheritdoc/>
    protected override string ReadyPath => "/metrics";

    /// <inheritdoc/>
    protected override IEnumerable<string> Arguments() => [$"--web.listen-address=127.0.0.1:{Port}", "--log.level=warn"];
}

/// <summary>
/// <c>prometheus --enable-feature=agent</c>: the agent we are compared with. The config is written to
/// <c>prometheus.yml</c> in its directory; its WAL is under <see cref="StoragePath"/>.
/// </summary>
public sealed class PrometheusAgent(string config, string? directory = null, int? port = null) : PeerProcess(directory, port)
{
    /// <summary><c>--storage.agent.path</c>.</summary>
    public string StoragePath => Path.Combine(Directory, "data");

    /// <summary>The WAL directory.</summary>
    public string WalPath => Path.Combine(StoragePath, "wal");

    /// <inheritdoc/>
    public override string Name => "prometheus agent";

    /// <inheritdoc/>
    protected override string Executable => "/usr/bin/prometheus";

    /// <inheritdoc/>
    protected override string ReadyPath => "/-/ready";

    /// <inheritdoc/>
    protected override IEnumerable<string> Arguments()
    {
        var path = Path.Combine(Directory, "prometheus.yml");
        File.WriteAllText(path, config);
        return
        [
            "--enable-feature=agent",
            "--config.file=" + path,
            "--storage.agent.path=" + StoragePath,
            $"--web.listen-address=127.0.0.1:{Port}",
        ];
    }
}
