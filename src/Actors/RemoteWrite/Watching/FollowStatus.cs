namespace Scraper.Actors.RemoteWrite.Watching;

/// <summary>What <see cref="WalFollower.Next"/> found.</summary>
public enum FollowStatus
{
    /// <summary>A record is current (from a checkpoint when <see cref="WalFollower.FromCheckpoint"/>).</summary>
    Record,

    /// <summary>Nothing more now: wait for the writer.</summary>
    EndOfData,

    /// <summary>A checkpoint was read to its end: series older than it that it did not keep can be forgotten.</summary>
    CheckpointRead,

    /// <summary>
    /// The segment to read next was deleted by truncation; the follower goes on with the last checkpoint's series
    /// and the first remaining segment.
    /// </summary>
    Truncated,
}
