using System.Globalization;
using System.Text.Json;
using Akka.Event;

namespace Scraper.Node.Hosting;

/// <summary>
/// What Akka writes while no logger actor runs (start-up before the bridge, shutdown after it): only warnings and
/// errors, in the node's log format on stderr, so every line the process prints parses the same way. Registered as
/// <c>akka.stdout-logger-class</c>; one subclass per format because Akka creates it by type.
/// </summary>
internal abstract class AkkaStdoutLogger : MinimalLogger
{
    /// <inheritdoc/>
    protected override void Log(object message)
    {
        if (message is not LogEvent e || e.LogLevel() < Akka.Event.LogLevel.WarningLevel)
        {
            return;
        }
        var level = e.LogLevel() == Akka.Event.LogLevel.WarningLevel ? "warn" : "error";
        var text = e.Message?.ToString() ?? string.Empty;
        if (e.Cause is { } cause)
        {
            text += ": " + cause.Message;
        }
        Console.Error.WriteLine(Format(level, e.LogSource ?? "akka", text));
    }

    /// <summary>One line in the format.</summary>
    protected abstract string Format(string level, string source, string message);
}

/// <summary><see cref="AkkaStdoutLogger"/> writing logfmt.</summary>
internal sealed class LogfmtAkkaStdoutLogger : AkkaStdoutLogger
{
    /// <inheritdoc/>
    protected override string Format(string level, string source, string message) =>
        $"ts={DateTime.UtcNow.ToString("yyyy-MM-dd'T'HH:mm:ss.fff'Z'", CultureInfo.InvariantCulture)} level={level} component={Quote(source)} msg={Quote(message)}";

    private static string Quote(string s) => JsonSerializer.Serialize(s);
}

/// <summary><see cref="AkkaStdoutLogger"/> writing JSON like the console's JSON formatter.</summary>
internal sealed class JsonAkkaStdoutLogger : AkkaStdoutLogger
{
    /// <inheritdoc/>
    protected override string Format(string level, string source, string message) =>
        JsonSerializer.Serialize(new Dictionary<string, string>
        {
            ["Timestamp"] = DateTime.UtcNow.ToString("O", CultureInfo.InvariantCulture),
            ["LogLevel"] = level == "warn" ? "Warning" : "Error",
            ["Category"] = source,
            ["Message"] = message,
        });
}
