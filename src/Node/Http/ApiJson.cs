using System.Globalization;
using System.Text.Json;
using Microsoft.AspNetCore.Http;
using Scraper.Protocol.Model;

namespace Scraper.Node.Http;

/// <summary>
/// Writes Prometheus's API envelope (<c>{"status":"success","data":...}</c> or
/// <c>{"status":"error","errorType":...,"error":...}</c>) with a <see cref="Utf8JsonWriter"/>, so key names and
/// order are exactly Prometheus's.
/// </summary>
internal static class ApiJson
{
    /// <summary>Writes a success envelope around what <paramref name="data"/> writes.</summary>
    public static async Task SuccessAsync(HttpContext context, Action<Utf8JsonWriter> data)
    {
        context.Response.StatusCode = StatusCodes.Status200OK;
        context.Response.ContentType = "application/json";
        await using var w = new Utf8JsonWriter(context.Response.Body);
        w.WriteStartObject();
        w.WriteString("status", "success");
        w.WritePropertyName("data");
        data(w);
        w.WriteEndObject();
        await w.FlushAsync(context.RequestAborted).ConfigureAwait(false);
    }

    /// <summary>Writes an error envelope with <paramref name="status"/>.</summary>
    public static async Task ErrorAsync(HttpContext context, int status, string errorType, string error)
    {
        context.Response.StatusCode = status;
        context.Response.ContentType = "application/json";
        await using var w = new Utf8JsonWriter(context.Response.Body);
        w.WriteStartObject();
        w.WriteString("status", "error");
        w.WriteString("errorType", errorType);
        w.WriteString("error", error);
        w.WriteEndObject();
        await w.FlushAsync(context.RequestAborted).ConfigureAwait(false);
    }

    /// <summary>A label set as a JSON object in name order.</summary>
    public static void WriteLabels(Utf8JsonWriter w, Labels labels)
    {
        w.WriteStartObject();
        foreach (var l in labels.AsSpan())
        {
            w.WriteString(l.Name, l.Value);
        }
        w.WriteEndObject();
    }

    /// <summary>A time as Prometheus writes it (RFC 3339 with nanosecond digits as needed, UTC).</summary>
    public static string Time(DateTimeOffset t) => t.UtcDateTime.ToString("yyyy-MM-dd'T'HH:mm:ss.FFFFFFF'Z'", CultureInfo.InvariantCulture);
}
