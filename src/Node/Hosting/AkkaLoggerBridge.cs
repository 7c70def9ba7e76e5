using Akka.Actor;
using Akka.DependencyInjection;
using Akka.Dispatch;
using Akka.Event;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;

namespace Scraper.Node.Hosting;

/// <summary>
/// Akka's logger, writing into the node's <see cref="ILoggerFactory"/> with the logging class as the category and
/// only the message as the text, so Akka's lines read like the rest (Akka.Hosting's own bridge prefixes each
/// message with a second level, time and thread).
/// </summary>
internal sealed class AkkaLoggerBridge : ReceiveActor, IRequiresMessageQueue<ILoggerMessageQueueSemantics>
{
    private readonly ILoggerFactory _factory;

    /// <summary>Created by Akka from <c>akka.loggers</c>.</summary>
    public AkkaLoggerBridge()
    {
        _factory = DependencyResolver.For(Context.System).Resolver.GetService<ILoggerFactory>();
        Receive<InitializeLogger>(_ => Sender.Tell(new LoggerInitialized()));
        Receive<LogEvent>(Write);
    }

    private void Write(LogEvent e)
    {
        // Akka marks string-only sources with a placeholder class; the source string is the better name then.
        var category = e.LogClass is { } c && c.Name != "DummyClassForStringSources" ? c.FullName ?? c.Name : e.LogSource ?? "akka";
        var logger = _factory.CreateLogger(category);
        var level = e.LogLevel() switch
        {
            Akka.Event.LogLevel.DebugLevel => Microsoft.Extensions.Logging.LogLevel.Debug,
            Akka.Event.LogLevel.InfoLevel => Microsoft.Extensions.Logging.LogLevel.Information,
            Akka.Event.LogLevel.WarningLevel => Microsoft.Extensions.Logging.LogLevel.Warning,
            _ => Microsoft.Extensions.Logging.LogLevel.Error,
        };
        if (!logger.IsEnabled(level))
        {
            return;
        }
        var text = e.Message?.ToString() ?? string.Empty;
        logger.Log(level, default, text, e.Cause, static (m, _) => m);
    }
}
