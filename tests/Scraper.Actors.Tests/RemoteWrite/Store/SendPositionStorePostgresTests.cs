using Akka.Actor;
using Npgsql;
using Scraper.Actors.Hosting;
using Scraper.Actors.RemoteWrite;
using Scraper.Actors.Serialization;
using Scraper.Protocol.Proto.Persistence;
using Scraper.Wal;

namespace Scraper.Actors.Tests.RemoteWrite.Store;

/// <summary>The same store on a real PostgreSQL: switching is the provider name and the connection string.</summary>
public sealed class SendPositionStorePostgresTests
{
    private static readonly TimeSpan Wait = TimeSpan.FromSeconds(30);

    private static CancellationToken Token => TestContext.Current.CancellationToken;

    [Fact]
    public async Task SendPositionStore_on_PostgreSQL_recovers_the_latest_position_in_a_new_actor_system()
    {
        var bin = PostgresServer.FindBinaries();
        Assert.SkipWhen(bin is null, "PostgreSQL is not installed on this machine");
        await using var server = await PostgresServer.StartAsync(bin!, Token);
        var setup = new ScraperPersistenceSetup { ProviderName = "PostgreSQL", ConnectionString = server.ConnectionString };

        using (var first = ActorSystem.Create("pg1", ScraperPersistenceHostingExtensions.Configuration(setup)))
        {
            var store = first.ActorOf(SendPositionStore.Props("rw-pg"));
            store.Tell(new SaveSendPosition(new WalPosition(3, 300), 3_000));
            store.Tell(new SaveSendPosition(new WalPosition(4, 40), 4_000));
            Assert.Equal(new WalPosition(4, 40), (await store.Ask<SendPositionLoaded>(LoadSendPosition.Instance, Wait, Token)).Position);
            var deadline = DateTime.UtcNow + Wait;
            while (await LastEventAsync(server, "rw-pg") is not (ScraperPersistenceSerializer.SerializerId, (4, 40)))
            {
                Assert.True(DateTime.UtcNow < deadline, "the last position never reached the journal");
                await Task.Delay(20, Token);
            }
            await first.Terminate();
        }

        using var second = ActorSystem.Create("pg2", ScraperPersistenceHostingExtensions.Configuration(setup));
        var loaded = await second.ActorOf(SendPositionStore.Props("rw-pg")).Ask<SendPositionLoaded>(LoadSendPosition.Instance, Wait, Token);
        Assert.Equal((new WalPosition(4, 40), 4_000L), (loaded.Position, loaded.AckedTimestampMs));
        await second.Terminate();
    }

    /// <summary>Serializer id and position of the newest journal row, or null when there is none (or no table yet).</summary>
    private static async Task<(int, (int, long))?> LastEventAsync(PostgresServer server, string persistenceId)
    {
        await using var connection = new NpgsqlConnection(server.ConnectionString);
        await connection.OpenAsync(Token);
        await using var command = new NpgsqlCommand(
            "SELECT identifier, message FROM journal WHERE persistence_id = @p ORDER BY sequence_number DESC LIMIT 1", connection);
        command.Parameters.AddWithValue("p", persistenceId);
        try
        {
            await using var reader = await command.ExecuteReaderAsync(Token);
            if (!await reader.ReadAsync(Token))
            {
                return null;
            }
            var p = SendPosition.Parser.ParseFrom((byte[])reader[1]);
            return (reader.GetInt32(0), (p.Segment, p.Offset));
        }
        catch (PostgresException e) when (e.SqlState == PostgresErrorCodes.UndefinedTable)
        {
            return null;
        }
    }
}
