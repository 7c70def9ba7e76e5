namespace Scraper.Node;

/// <summary>The scraper executable's entry point.</summary>
public static class Program
{
    /// <summary>Runs the command line.</summary>
    public static int Main(string[] args)
    {
        Console.Error.WriteLine("scraper: not wired yet");
        return args.Length == 0 ? 1 : 1;
    }
}
