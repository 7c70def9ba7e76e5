using Scraper.Wal;

namespace Scraper.Actors.RemoteWrite;

/// <summary>
/// The snapshot of a <see cref="SendPositionStore"/>, taken every few events so older events and snapshots can be
/// deleted. Stored with <see cref="Serialization.ScraperPersistenceSerializer"/> (protobuf
/// <c>scraper.persistence.SendPosition</c>).
/// </summary>
public sealed record SendPositionSnapshot(WalPosition Position, long AckedTimestampMs);
