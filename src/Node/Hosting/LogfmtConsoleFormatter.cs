using System.Globalization;
using System.Text;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Logging.Console;

namespace Scraper.Node.Hosting;

/// <summary>
/// Prometheus's default log format: one line of logfmt per event,
/// <c>ts=2026-11-23T18:18:10.012Z level=info component=... msg="..." key=value</c>, with the structured values of
/// the message template as their own keys, so the same log pipelines that parse Prometheus parse us.
/// </summary>
internal sealed class LogfmtConsoleFormatter() : ConsoleFormatter(FormatterName)
{
    /// <summary>The name the formatter is registered under.</summary>
    public const string FormatterName = "logfmt";

    /// <inheritdoc/>
    public override void Write<TState>(in LogEntry<TState> logEntry, IExternalScopeProvider? scopeProvider, TextWriter textWriter)
    {
        var message = logEntry.Formatter(logEntry.State, logEntry.Exception);
        if (message is null && logEntry.Exception is null)
        {
            return;
        }
        var sb = new StringBuilder(160);
        sb.Append("ts=").Append(DateTime.UtcNow.ToString("yyyy-MM-dd'T'HH:mm:ss.fff'Z'", CultureInfo.InvariantCulture));
        sb.Append(" level=").Append(Level(logEntry.LogLevel));
        sb.Append(" component=");
        Value(sb, Component(logEntry.Category));
        sb.Append(" msg=");
        Value(sb, message ?? string.Empty);
        if (logEntry.State is IReadOnlyList<KeyValuePair<string, object?>> pairs)
        {
            foreach (var (key, value) in pairs)
            {
                if (key == "{OriginalFormat}" || key.Length == 0 || char.IsDigit(key[0]))
                {
                    continue;
                }
                sb.Append(' ').Append(key).Append('=');
                Value(sb, Convert.ToString(value, CultureInfo.InvariantCulture) ?? string.Empty);
            }
        }
        if (logEntry.Exception is { } e)
        {
            sb.Append(" err=");
            Value(sb, e.GetType().Name + ": " + e.Message);
        }
        textWriter.WriteLine(sb.ToString());
    }

    private static string Level(LogLevel level) => level switch
    {
        LogLevel.Trace or LogLevel.Debug => "debug",
        LogLevel.Information => "info",
        LogLevel.Warning => "warn",
        _ => "error",
    };

    private static string Component(string category)
    {
        // "Scraper.Actors.Scrape.ScrapeTargetActor" -> "ScrapeTargetActor"; Akka sources keep their path.
        var dot = category.LastIndexOf('.');
        return dot >= 0 && !category.Contains('/', StringComparison.Ordinal) ? category[(dot + 1)..] : category;
    }

    private static void Value(StringBuilder sb, string value)
    {
        var needsQuotes = value.Length == 0;
        foreach (var c in value)
        {
            if (c <= ' ' || c is '"' or '=' or '\\')
            {
                needsQuotes = true;
                break;
            }
        }
        if (!needsQuotes)
        {
            sb.Append(value);
            return;
        }
        sb.Append('"');
        foreach (var c in value)
        {
            switch (c)
            {
                case '"': sb.Append("\\\""); break;
                case '\\': sb.Append("\\\\"); break;
                case '\n': sb.Append("\\n"); break;
                case '\r': sb.Append("\\r"); break;
                case '\t': sb.Append("\\t"); break;
                default: sb.Append(c); break;
            }
        }
        sb.Append('"');
    }
}
