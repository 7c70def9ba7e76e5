using System.Runtime.Serialization;
using Akka.Actor;
using Akka.Serialization;
using Google.Protobuf;
using Scraper.Actors.RemoteWrite;
using Scraper.Protocol.Proto.Persistence;
using Scraper.Wal;

namespace Scraper.Actors.Serialization;

/// <summary>
/// Serializes what the node's actors persist with Akka.Persistence (events and snapshots) as protobuf messages
/// generated in Scraper.Protocol (<c>Proto/scraper/send_position.proto</c>), so the journal holds a documented,
/// versionable format instead of Akka's default JSON. It lives here and not in Scraper.Protocol because it derives
/// from Akka's <see cref="SerializerWithStringManifest"/> and Scraper.Protocol stays free of Akka. Bound to its
/// types by <see cref="Hosting.ScraperPersistenceHostingExtensions.SerializationHocon"/>.
/// </summary>
public sealed class ScraperPersistenceSerializer : SerializerWithStringManifest
{
    /// <summary>The serializer id stored next to every event and snapshot: never change it (0-100 are Akka's).</summary>
    public const int SerializerId = 2201;

    /// <summary>Name in <c>akka.actor.serializers</c>.</summary>
    public const string Name = "scraper-persistence";

    /// <summary>Manifest of <see cref="SendPositionRecorded"/>.</summary>
    public const string SendPositionRecordedManifest = "SPR";

    /// <summary>Manifest of <see cref="SendPositionSnapshot"/>.</summary>
    public const string SendPositionSnapshotManifest = "SPS";

    /// <summary>Created by Akka's serialization extension.</summary>
    public ScraperPersistenceSerializer(ExtendedActorSystem system)
        : base(system)
    {
    }

    /// <inheritdoc/>
    public override int Identifier => SerializerId;

    /// <inheritdoc/>
    public override byte[] ToBinary(object obj) => obj switch
    {
        SendPositionRecorded e => ToProto(e.Position, e.AckedTimestampMs).ToByteArray(),
        SendPositionSnapshot s => ToProto(s.Position, s.AckedTimestampMs).ToByteArray(),
        _ => throw new ArgumentException($"{nameof(ScraperPersistenceSerializer)} cannot serialize {obj?.GetType().FullName ?? "null"}", nameof(obj)),
    };

    /// <inheritdoc/>
    public override object FromBinary(byte[] bytes, string manifest)
    {
        switch (manifest)
        {
            case SendPositionRecordedManifest:
                {
                    var p = SendPosition.Parser.ParseFrom(bytes);
                    return new SendPositionRecorded(new WalPosition(p.Segment, p.Offset), p.AckedTimestampMs);
                }
            case SendPositionSnapshotManifest:
                {
                    var p = SendPosition.Parser.ParseFrom(bytes);
                    return new SendPositionSnapshot(new WalPosition(p.Segment, p.Offset), p.AckedTimestampMs);
                }
            default:
                throw new SerializationException($"{nameof(ScraperPersistenceSerializer)} does not know manifest '{manifest}'");
        }
    }

    /// <inheritdoc/>
    public override string Manifest(object o) => o switch
    {
        SendPositionRecorded => SendPositionRecordedManifest,
        SendPositionSnapshot => SendPositionSnapshotManifest,
        _ => throw new ArgumentException($"{nameof(ScraperPersistenceSerializer)} has no manifest for {o?.GetType().FullName ?? "null"}", nameof(o)),
    };

    private static SendPosition ToProto(WalPosition position, long ackedTimestampMs) => new()
    {
        Segment = position.Segment,
        Offset = position.Offset,
        AckedTimestampMs = ackedTimestampMs,
    };
}
