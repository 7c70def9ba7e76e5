using Scraper.Wal;

namespace Scraper.Actors.RemoteWrite;

/// <summary>
/// The journal event of a <see cref="SendPositionStore"/>: the endpoint's acknowledged send position moved to
/// <see cref="Position"/>. Stored with <see cref="Serialization.ScraperPersistenceSerializer"/> (protobuf
/// <c>scraper.persistence.SendPosition</c>).
/// </summary>
public sealed record SendPositionRecorded(WalPosition Position, long AckedTimestampMs);
