using Scraper.Actors.Configuration;

namespace Scraper.Actors.Scrape;

/// <summary>
/// A scrape job's node-local settings: the job's options (with secrets), its shared HTTP client and the values
/// derived from the options once. Scrape actors find it by job name in <see cref="ScrapeJobRegistry"/>; an
/// <c>EnsureTarget</c> carries only plain data. A new instance means the job's configuration changed.
/// </summary>
public sealed class ScrapeJobSettings
{
    internal ScrapeJobSettings(ScrapeJobOptions options, HttpClient client, long generation)
    {
        Options = options;
        Client = client;
        Generation = generation;
        AcceptHeader = ScrapeAcceptHeader.For(options.ScrapeProtocols);
        AcceptEncoding = ScrapeAcceptHeader.Encoding(options.EnableCompression);
        LabelLimits = new LabelLimits(options.LabelLimit, options.LabelNameLengthLimit, options.LabelValueLengthLimit);
    }

    /// <summary>The job's configuration.</summary>
    public ScrapeJobOptions Options { get; }

    /// <summary>
    /// The job's HTTP client, shared by all its targets on this node (thread-safe; one connection pool per job, as
    /// Prometheus keeps one client per scrape pool).
    /// </summary>
    public HttpClient Client { get; }

    /// <summary>Increases with every configuration change of the job on this node.</summary>
    public long Generation { get; }

    /// <summary>The Accept header of the job's scrapes.</summary>
    public string AcceptHeader { get; }

    /// <summary>The Accept-Encoding header of the job's scrapes.</summary>
    public string AcceptEncoding { get; }

    /// <summary>The job's label limits.</summary>
    public LabelLimits LabelLimits { get; }
}
