using System.Diagnostics;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Prometheus;
using Scraper.Node.Hosting;

namespace Scraper.Node.Http;

/// <summary>
/// The HTTP surface of a Prometheus agent: health and readiness, the lifecycle API, <c>/metrics</c>, the status
/// and targets API, and the query APIs answering as an agent does (422, "unavailable with Prometheus Agent").
/// Bodies and status codes are Prometheus 2.42's, so probes, scripts and dashboards written for it work.
/// </summary>
internal static class AgentEndpoints
{
    private const string AgentUnavailable = "unavailable with Prometheus Agent";

    private static readonly string[] QueryPaths =
    [
        "/api/v1/query", "/api/v1/query_range", "/api/v1/query_exemplars", "/api/v1/format_query", "/api/v1/series",
        "/api/v1/labels", "/api/v1/label/{name}/values", "/api/v1/alerts", "/api/v1/rules", "/api/v1/alertmanagers",
        "/api/v1/status/tsdb", "/api/v1/read",
    ];

    /// <summary>Maps every endpoint on <paramref name="app"/>.</summary>
    public static void Map(WebApplication app)
    {
        app.Use(CountRequests);

        app.MapMethods("/-/healthy", ["GET", "HEAD"], (HttpContext c) => Text(c, 200, "Prometheus Agent is Healthy.\n"));
        app.MapMethods("/-/ready", ["GET", "HEAD"], (HttpContext c, ReadinessState ready) =>
            ready.IsReady ? Text(c, 200, "Prometheus Agent is Ready.\n") : Text(c, 503, "Service Unavailable"));
        app.Map("/-/reload", ReloadAsync);
        app.Map("/-/quit", Quit);
        app.MapGet("/metrics", MetricsAsync);

        app.MapGet("/api/v1/status/config", (HttpContext c, ConfigState config) =>
            ApiJson.SuccessAsync(c, w =>
            {
                w.WriteStartObject();
                w.WriteString("yaml", config.Current.Yaml);
                w.WriteEndObject();
            }));
        app.MapGet("/api/v1/status/flags", (HttpContext c, AgentOptions agent) =>
            ApiJson.SuccessAsync(c, w =>
            {
                w.WriteStartObject();
                foreach (var (k, v) in agent.FlagValues)
                {
                    w.WriteString(k, v);
                }
                w.WriteEndObject();
            }));
        app.MapGet("/api/v1/status/runtimeinfo", RuntimeInfoAsync);
        app.MapGet("/api/v1/status/buildinfo", (HttpContext c) =>
            ApiJson.SuccessAsync(c, w =>
            {
                w.WriteStartObject();
                w.WriteString("version", BuildInfo.Version);
                w.WriteString("revision", BuildInfo.Revision);
                w.WriteString("branch", string.Empty);
                w.WriteString("buildUser", string.Empty);
                w.WriteString("buildDate", string.Empty);
                w.WriteString("goVersion", BuildInfo.RuntimeVersion);
                w.WriteEndObject();
            }));
        app.MapGet("/api/v1/targets", TargetsAsync);
        app.MapGet("/api/v1/targets/metadata", (HttpContext c) => ApiJson.SuccessAsync(c, w =>
        {
            w.WriteStartArray();
            w.WriteEndArray();
        }));
        foreach (var path in QueryPaths)
        {
            app.MapMethods(path, ["GET", "POST"], (HttpContext c) => ApiJson.ErrorAsync(c, 422, "execution", AgentUnavailable));
        }
    }

    private static async Task CountRequests(HttpContext context, RequestDelegate next)
    {
        var started = Stopwatch.GetTimestamp();
        try
        {
            await next(context).ConfigureAwait(false);
        }
        finally
        {
            var handler = (context.GetEndpoint() as RouteEndpoint)?.RoutePattern.RawText ?? "other";
            var metrics = context.RequestServices.GetRequiredService<NodeMetrics>();
            metrics.HttpRequests.WithLabels(context.Response.StatusCode.ToString(System.Globalization.CultureInfo.InvariantCulture), handler).Inc();
            metrics.HttpDuration.WithLabels(handler).Observe(Stopwatch.GetElapsedTime(started).TotalSeconds);
        }
    }

    private static Task Text(HttpContext context, int status, string body)
    {
        context.Response.StatusCode = status;
        context.Response.ContentType = "text/plain; charset=utf-8";
        return HttpMethods.IsHead(context.Request.Method) ? Task.CompletedTask : context.Response.WriteAsync(body, context.RequestAborted);
    }

    private static async Task ReloadAsync(HttpContext context, AgentOptions agent, ConfigReloader reloader)
    {
        if (!HttpMethods.IsPost(context.Request.Method) && !HttpMethods.IsPut(context.Request.Method))
        {
            await Text(context, 405, "Only POST or PUT requests allowed").ConfigureAwait(false);
            return;
        }
        if (!agent.EnableLifecycle)
        {
            await Text(context, 403, "Lifecycle API is not enabled.").ConfigureAwait(false);
            return;
        }
        var error = await reloader.ReloadAsync(context.RequestAborted).ConfigureAwait(false);
        if (error is null)
        {
            context.Response.StatusCode = 200;
            return;
        }
        await Text(context, 500, "failed to reload config: " + error + "\n").ConfigureAwait(false);
    }

    private static Task Quit(HttpContext context, AgentOptions agent, IHostApplicationLifetime lifetime)
    {
        if (!HttpMethods.IsPost(context.Request.Method) && !HttpMethods.IsPut(context.Request.Method))
        {
            return Text(context, 405, "Only POST or PUT requests allowed");
        }
        if (!agent.EnableLifecycle)
        {
            return Text(context, 403, "Lifecycle API is not enabled.");
        }
        // Answer first, then stop: the stop drains remote write and may take up to the flush deadline.
        context.Response.OnCompleted(() =>
        {
            lifetime.StopApplication();
            return Task.CompletedTask;
        });
        return Text(context, 200, "Requesting termination... Goodbye!");
    }

    private static async Task MetricsAsync(HttpContext context, NodeMetrics metrics)
    {
        var openMetrics = context.Request.Headers.Accept.ToString().Contains("application/openmetrics-text", StringComparison.Ordinal);
        context.Response.StatusCode = 200;
        context.Response.ContentType = openMetrics
            ? "application/openmetrics-text; version=1.0.0; charset=utf-8"
            : "text/plain; version=0.0.4; charset=utf-8";
        await metrics.Registry.CollectAndExportAsTextAsync(context.Response.Body,
            openMetrics ? ExpositionFormat.OpenMetricsText : ExpositionFormat.PrometheusText, context.RequestAborted).ConfigureAwait(false);
    }

    private static Task RuntimeInfoAsync(HttpContext context, ConfigState config, StartInfo start)
    {
        return ApiJson.SuccessAsync(context, w =>
        {
            w.WriteStartObject();
            w.WriteString("startTime", ApiJson.Time(start.StartTime));
            w.WriteString("CWD", Environment.CurrentDirectory);
            w.WriteBoolean("reloadConfigSuccess", config.LastReloadSuccessful);
            w.WriteString("lastConfigTime", ApiJson.Time(config.Current.LoadedAt));
            w.WriteNumber("corruptionCount", 0);
            w.WriteNumber("goroutineCount", ThreadPool.ThreadCount);
            w.WriteNumber("GOMAXPROCS", Environment.ProcessorCount);
            w.WriteString("GOGC", string.Empty);
            w.WriteString("GODEBUG", string.Empty);
            w.WriteString("storageRetention", string.Empty);
            w.WriteEndObject();
        });
    }

    private static async Task TargetsAsync(HttpContext context, ITargetsSource source)
    {
        var state = context.Request.Query["state"].ToString();
        var pool = context.Request.Query["scrapePool"].ToString();
        var showActive = state is "" or "any" or "active";
        var showDropped = state is "" or "any" or "dropped";
        var view = await source.GetAsync(context.RequestAborted).ConfigureAwait(false);
        await ApiJson.SuccessAsync(context, w =>
        {
            w.WriteStartObject();
            w.WriteStartArray("activeTargets");
            foreach (var t in showActive ? view.ActiveTargets : [])
            {
                if (pool.Length != 0 && t.ScrapePool != pool)
                {
                    continue;
                }
                w.WriteStartObject();
                w.WritePropertyName("discoveredLabels");
                ApiJson.WriteLabels(w, t.DiscoveredLabels);
                w.WritePropertyName("labels");
                ApiJson.WriteLabels(w, t.Labels);
                w.WriteString("scrapePool", t.ScrapePool);
                w.WriteString("scrapeUrl", t.ScrapeUrl);
                w.WriteString("globalUrl", t.GlobalUrl);
                w.WriteString("lastError", t.LastError);
                // Prometheus writes Go's zero time for a target not scraped yet.
                w.WriteString("lastScrape", t.LastScrape is { } at ? ApiJson.Time(at) : "0001-01-01T00:00:00Z");
                w.WriteNumber("lastScrapeDuration", t.LastScrapeDuration);
                w.WriteString("health", t.Health.ToString().ToLowerInvariant());
                w.WriteString("scrapeInterval", t.ScrapeInterval);
                w.WriteString("scrapeTimeout", t.ScrapeTimeout);
                w.WriteEndObject();
            }
            w.WriteEndArray();
            w.WriteStartArray("droppedTargets");
            foreach (var t in showDropped ? view.DroppedTargets : [])
            {
                if (pool.Length != 0 && t.ScrapePool != pool)
                {
                    continue;
                }
                w.WriteStartObject();
                w.WritePropertyName("discoveredLabels");
                ApiJson.WriteLabels(w, t.DiscoveredLabels);
                w.WriteEndObject();
            }
            w.WriteEndArray();
            w.WriteEndObject();
        }).ConfigureAwait(false);
    }
}

/// <summary>When the process started, for <c>/api/v1/status/runtimeinfo</c>.</summary>
internal sealed record StartInfo(DateTimeOffset StartTime);
