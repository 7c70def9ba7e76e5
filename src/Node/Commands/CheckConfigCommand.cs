using Scraper.Node.Configuration;

namespace Scraper.Node.Commands;

/// <summary>
/// <c>scraper check config FILE...</c>: checks configuration files as <c>promtool check config --agent</c> does,
/// with the same output, except that every error is printed with its position as <c>FILE:LINE:COL: reason</c>.
/// </summary>
internal static class CheckConfigCommand
{
    public const string Usage = "scraper check config [--syntax-only] <config-file>...";

    public static readonly FlagParser.Flag[] Flags =
    [
        new("syntax-only", IsBoolean: true, "Only check the syntax, not the files the configuration names."),
        new("agent", IsBoolean: true, "Accepted for promtool compatibility; scraper always checks for agent mode."),
        new("help", IsBoolean: true, "Show this help."),
    ];

    /// <summary>Runs the command; 0 when every file is valid, 1 when one is not, 2 on a usage error.</summary>
    public static int Run(IReadOnlyList<string> args, TextWriter stdout, TextWriter stderr)
    {
        if (!FlagParser.TryParse(args, Flags, out var parsed, out var error))
        {
            return CommandLine.UsageError(stderr, error);
        }
        if (parsed.IsSet("help"))
        {
            CommandLine.WriteCommandHelp(stdout, Usage, "Check if the config files are valid or not.", Flags);
            return 0;
        }
        if (parsed.Positionals.Count == 0)
        {
            return CommandLine.UsageError(stderr, "required argument 'config-files' not provided");
        }
        var options = ConfigLoaderOptions.Default with { CheckReferencedFiles = !parsed.IsSet("syntax-only") };
        var failed = false;
        foreach (var file in parsed.Positionals)
        {
            stdout.WriteLine($"Checking {file}");
            var result = ConfigLoader.LoadFile(file, options);
            foreach (var warning in result.Warnings)
            {
                stdout.WriteLine($"  WARNING: {warning}");
            }
            if (result.IsValid)
            {
                stdout.WriteLine($" SUCCESS: {file} is valid prometheus config file syntax");
            }
            else
            {
                failed = true;
                stderr.WriteLine("  FAILED:");
                foreach (var e in result.Errors)
                {
                    stderr.WriteLine(e.ToString());
                }
            }
            stdout.WriteLine();
        }
        return failed ? 1 : 0;
    }
}
