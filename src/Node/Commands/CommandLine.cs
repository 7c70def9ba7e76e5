using System.Reflection;

namespace Scraper.Node.Commands;

/// <summary>
/// The command line: picks the command from the first arguments and hands the rest to it. Commands are
/// <c>check config</c>, <c>--help</c> and <c>--version</c>; the agent's run mode (flags only, as
/// <c>prometheus --config.file=...</c>) will be the branch for arguments that start with a flag.
/// </summary>
internal static class CommandLine
{
    /// <summary>Exit code for a command-line mistake, kept apart from 1 (a configuration file is invalid) so scripts can tell them apart.</summary>
    public const int UsageExitCode = 2;

    private const string Overview = """
        usage: scraper <command> [<args> ...]

        A clustered Prometheus agent.

        Run the agent:
          scraper [--config.file=prometheus.yml] [--storage.agent.path=data-agent/] [--web.listen-address=0.0.0.0:9090] ...
              (scraper --config.file=x --help lists every flag)

        Commands:
          check config [--syntax-only] <config-file>...
              Check if the config files are valid or not.
          help
              Show this help.
          version
              Show the version.
        """;

    /// <summary>
    /// Runs the command the arguments name; no arguments, or flags only, is the agent itself (as plain
    /// <c>prometheus</c> runs the server).
    /// </summary>
    public static Task<int> RunAsync(IReadOnlyList<string> args, TextWriter stdout, TextWriter stderr) =>
        args.Count == 0 || (args[0].StartsWith("--", StringComparison.Ordinal) && args[0] is not ("--help" or "--version"))
            ? RunCommand.RunAsync(args, stdout, stderr)
            : Task.FromResult(Run(args, stdout, stderr));

    public static int Run(IReadOnlyList<string> args, TextWriter stdout, TextWriter stderr)
    {
        if (args.Count == 0)
        {
            return UsageError(stderr, "a command is required");
        }
        switch (args[0])
        {
            case "-h" or "--help" or "help":
                stdout.WriteLine(Overview);
                return 0;
            case "--version" or "version":
                stdout.WriteLine($"scraper, version {Version()}");
                return 0;
            case "check" when args.Count >= 2 && args[1] == "config":
                return CheckConfigCommand.Run([.. args.Skip(2)], stdout, stderr);
            case "check":
                return UsageError(stderr, args.Count >= 2 ? $"unknown check command '{args[1]}'" : "'check' needs a subcommand: config");
            default:
                return UsageError(stderr, args[0].StartsWith('-') ? $"unknown flag '{args[0]}'" : $"unknown command '{args[0]}'");
        }
    }

    /// <summary>Prints the mistake and the usage to stderr; returns <see cref="UsageExitCode"/>.</summary>
    public static int UsageError(TextWriter stderr, string message)
    {
        stderr.WriteLine($"scraper: error: {message}");
        stderr.WriteLine();
        stderr.WriteLine(Overview);
        return UsageExitCode;
    }

    public static void WriteCommandHelp(TextWriter stdout, string usage, string description, IEnumerable<FlagParser.Flag> flags)
    {
        stdout.WriteLine($"usage: {usage}");
        stdout.WriteLine();
        stdout.WriteLine(description);
        stdout.WriteLine();
        stdout.WriteLine("Flags:");
        foreach (var flag in flags)
        {
            stdout.WriteLine($"  --{flag.Name,-14} {flag.Help}");
        }
    }

    private static string Version() =>
        typeof(CommandLine).Assembly.GetCustomAttribute<AssemblyInformationalVersionAttribute>()?.InformationalVersion
        ?? typeof(CommandLine).Assembly.GetName().Version?.ToString()
        ?? "unknown";
}
