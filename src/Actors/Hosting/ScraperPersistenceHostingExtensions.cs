using System.Text;
using Akka.Configuration;
using Akka.Hosting;
using Akka.Persistence.Sql;
using Microsoft.Data.Sqlite;
using Scraper.Actors.RemoteWrite;
using Scraper.Actors.Serialization;

namespace Scraper.Actors.Hosting;

/// <summary>Configures Akka.Persistence for the node: Akka.Persistence.Sql journal and snapshot store, our serializer.</summary>
public static class ScraperPersistenceHostingExtensions
{
    /// <summary>
    /// Binds <see cref="ScraperPersistenceSerializer"/> to every type the node persists, so no event or snapshot is
    /// written with Akka's default JSON serializer.
    /// </summary>
    public static readonly string SerializationHocon = $$"""
        akka.actor {
          serializers {
            {{ScraperPersistenceSerializer.Name}} = "{{typeof(ScraperPersistenceSerializer).FullName}}, {{typeof(ScraperPersistenceSerializer).Assembly.GetName().Name}}"
          }
          serialization-bindings {
            "{{typeof(SendPositionRecorded).FullName}}, {{typeof(SendPositionRecorded).Assembly.GetName().Name}}" = {{ScraperPersistenceSerializer.Name}}
            "{{typeof(SendPositionSnapshot).FullName}}, {{typeof(SendPositionSnapshot).Assembly.GetName().Name}}" = {{ScraperPersistenceSerializer.Name}}
          }
        }
        """;

    /// <summary>
    /// Makes Akka.Persistence.Sql the default journal and snapshot store over <paramref name="setup"/>'s database and
    /// binds <see cref="ScraperPersistenceSerializer"/>. For SQLite the database's directory is created and the file
    /// is switched to write-ahead journaling first (a persistent property of the file: readers stop blocking the
    /// writer and a commit is one append instead of a rollback-journal round trip).
    /// </summary>
    public static AkkaConfigurationBuilder WithScraperPersistence(this AkkaConfigurationBuilder builder, ScraperPersistenceSetup setup)
    {
        ArgumentNullException.ThrowIfNull(builder);
        ArgumentNullException.ThrowIfNull(setup);
        if (setup.IsSqlite)
        {
            PrepareSqlite(setup.ConnectionString);
        }
        builder.AddHocon(ConfigurationFactory.ParseString(Hocon(setup) + "\n" + SerializationHocon), HoconAddMode.Prepend);
        // Akka.Persistence.Sql.Hosting (which would add the plugin's reference settings) is not available here, and
        // without them the plugin never finishes recovery: load them as the fallback of everything above.
        builder.AddHocon(SqlPersistence.DefaultConfiguration, HoconAddMode.Append);
        return builder;
    }

    /// <summary>
    /// The whole configuration <see cref="WithScraperPersistence"/> adds, for an actor system built without
    /// Akka.Hosting (SQLite preparation not included).
    /// </summary>
    internal static Config Configuration(ScraperPersistenceSetup setup) =>
        ConfigurationFactory.ParseString(Hocon(setup) + "\n" + SerializationHocon).WithFallback(SqlPersistence.DefaultConfiguration);

    /// <summary>The journal and snapshot-store settings for <paramref name="setup"/>.</summary>
    internal static string Hocon(ScraperPersistenceSetup setup)
    {
        var plugin = $"""
              connection-string = {Quote(setup.ConnectionString)}
              provider-name = {Quote(setup.ProviderName)}
              auto-initialize = {(setup.AutoInitialize ? "on" : "off")}
            """;
        return $$"""
            akka.persistence {
              journal {
                plugin = "akka.persistence.journal.sql"
                sql {
            {{plugin}}
                }
              }
              snapshot-store {
                plugin = "akka.persistence.snapshot-store.sql"
                sql {
            {{plugin}}
                }
              }
            }
            """;
    }

    private static void PrepareSqlite(string connectionString)
    {
        // Unpooled: this one connection should not keep the file open for the life of the process.
        var builder = new SqliteConnectionStringBuilder(connectionString) { Pooling = false };
        var file = builder.DataSource;
        if (string.IsNullOrEmpty(file) || file == ":memory:" || builder.Mode == SqliteOpenMode.Memory)
        {
            return;
        }
        var directory = Path.GetDirectoryName(Path.GetFullPath(file));
        if (!string.IsNullOrEmpty(directory))
        {
            Directory.CreateDirectory(directory);
        }
        // Once at start, before the actor system: a blocking open is fine here.
        using var connection = new SqliteConnection(builder.ToString());
        connection.Open();
        using var command = connection.CreateCommand();
        command.CommandText = "PRAGMA journal_mode=WAL;";
        command.ExecuteNonQuery();
    }

    private static string Quote(string value)
    {
        var sb = new StringBuilder(value.Length + 2).Append('"');
        foreach (var c in value)
        {
            switch (c)
            {
                case '"':
                    sb.Append("\\\"");
                    break;
                case '\\':
                    sb.Append("\\\\");
                    break;
                default:
                    sb.Append(c);
                    break;
            }
        }
        return sb.Append('"').ToString();
    }
}
