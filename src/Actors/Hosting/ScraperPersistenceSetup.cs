using Microsoft.Data.Sqlite;

namespace Scraper.Actors.Hosting;

/// <summary>
/// Where <see cref="ScraperPersistenceHostingExtensions.WithScraperPersistence"/> keeps the node's Akka.Persistence
/// journal and snapshots (the remote-write send positions): any database linq2db speaks, named by its provider and
/// connection string. The default is an embedded SQLite file beside the WAL (<see cref="Sqlite"/>); a shared server
/// is one change of the two values, e.g. <c>ProviderName = "PostgreSQL"</c>,
/// <c>ConnectionString = "Host=db;Database=scraper;Username=scraper;Password=..."</c>.
/// </summary>
public sealed record ScraperPersistenceSetup
{
    /// <summary>linq2db's name of the SQLite provider over Microsoft.Data.Sqlite.</summary>
    public const string SqliteProviderName = "SQLite.MS";

    /// <summary>The database file's name under <c>--storage.agent.path</c>.</summary>
    public const string DatabaseFileName = "scraper.db";

    /// <summary>linq2db provider name (<c>LinqToDB.ProviderName</c>): <c>SQLite.MS</c>, <c>PostgreSQL</c>, <c>SqlServer</c>, ...</summary>
    public required string ProviderName { get; init; }

    /// <summary>ADO.NET connection string of that provider; it may hold a password and is never logged.</summary>
    public required string ConnectionString { get; init; }

    /// <summary>Create the journal and snapshot tables when they are missing (on by default, as an agent needs no DBA step).</summary>
    public bool AutoInitialize { get; init; } = true;

    /// <summary>True when <see cref="ProviderName"/> is one of linq2db's SQLite providers.</summary>
    public bool IsSqlite => ProviderName.StartsWith("SQLite", StringComparison.OrdinalIgnoreCase);

    /// <summary>The embedded default: the SQLite file <c>&lt;storagePath&gt;/scraper.db</c>.</summary>
    public static ScraperPersistenceSetup Sqlite(string storagePath)
    {
        ArgumentException.ThrowIfNullOrEmpty(storagePath);
        return new ScraperPersistenceSetup
        {
            ProviderName = SqliteProviderName,
            ConnectionString = new SqliteConnectionStringBuilder { DataSource = Path.Combine(storagePath, DatabaseFileName) }.ToString(),
        };
    }
}
