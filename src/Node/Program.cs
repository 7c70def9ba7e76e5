using Scraper.Node.Commands;

namespace Scraper.Node;

/// <summary>The scraper executable's entry point.</summary>
public static class Program
{
    /// <summary>Runs the command line; the exit code is the command's (0 success, 1 failure, 2 usage error).</summary>
    public static Task<int> Main(string[] args) => CommandLine.RunAsync(args, Console.Out, Console.Error);
}
