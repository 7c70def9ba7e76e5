using Microsoft.Data.Sqlite;

namespace Scraper.Actors.Tests.RemoteWrite.Store;

/// <summary>Reads the Akka.Persistence.Sql tables (default mapping) of a test's SQLite file directly.</summary>
internal sealed class JournalDatabase(string file)
{
    private string ConnectionString => new SqliteConnectionStringBuilder { DataSource = file, Pooling = false }.ToString();

    /// <summary>Journal rows of <paramref name="persistenceId"/> (deleted-marked ones included), by sequence number.</summary>
    public List<JournalRow> Rows(string persistenceId) =>
        Query(
            "journal",
            "SELECT sequence_number, deleted, identifier, manifest, message FROM journal WHERE persistence_id = $p ORDER BY sequence_number",
            persistenceId,
            r => new JournalRow(r.GetInt64(0), r.GetBoolean(1), r.GetInt32(2), r.GetString(3), (byte[])r[4]));

    /// <summary>Sequence numbers of the snapshots of <paramref name="persistenceId"/>.</summary>
    public List<long> Snapshots(string persistenceId) =>
        Query("snapshot", "SELECT sequence_number FROM snapshot WHERE persistence_id = $p ORDER BY sequence_number", persistenceId, r => r.GetInt64(0));

    /// <summary>The file's journal mode (<c>wal</c> once <c>WithScraperPersistence</c> prepared it).</summary>
    public string JournalMode()
    {
        using var connection = new SqliteConnection(ConnectionString);
        connection.Open();
        using var command = connection.CreateCommand();
        command.CommandText = "PRAGMA journal_mode;";
        return (string)command.ExecuteScalar()!;
    }

    private List<T> Query<T>(string table, string sql, string persistenceId, Func<SqliteDataReader, T> map)
    {
        var result = new List<T>();
        using var connection = new SqliteConnection(ConnectionString);
        connection.Open();
        using var command = connection.CreateCommand();
        // The plugin creates its tables on first use: none yet reads as no rows.
        command.CommandText = "SELECT count(*) FROM sqlite_master WHERE type = 'table' AND name = $t";
        command.Parameters.AddWithValue("$t", table);
        if (Convert.ToInt64(command.ExecuteScalar(), System.Globalization.CultureInfo.InvariantCulture) == 0)
        {
            return result;
        }
        command.CommandText = sql;
        command.Parameters.Clear();
        command.Parameters.AddWithValue("$p", persistenceId);
        using var reader = command.ExecuteReader();
        while (reader.Read())
        {
            result.Add(map(reader));
        }
        return result;
    }
}

internal sealed record JournalRow(long SequenceNr, bool Deleted, int SerializerId, string Manifest, byte[] Message);
