namespace Scraper.Node.Hosting;

/// <summary>
/// The <c>lock</c> file in <c>--storage.agent.path</c>, held open exclusively for the life of the process, as
/// Prometheus's agent holds its own: two agents writing one WAL would interleave segments and corrupt it. The
/// kernel releases the lock when the process dies, however it dies, so a crash never leaves a stale lock.
/// </summary>
internal sealed class StorageLock : IDisposable
{
    private readonly FileStream _file;

    private StorageLock(FileStream file) => _file = file;

    /// <summary>Takes the lock; null and the reason when another process holds it or the directory is unusable.</summary>
    public static StorageLock? TryAcquire(string storagePath, out string? error)
    {
        try
        {
            Directory.CreateDirectory(storagePath);
            // On Unix, .NET implements FileShare.None with flock(LOCK_EX | LOCK_NB).
            var file = new FileStream(Path.Combine(storagePath, "lock"), FileMode.OpenOrCreate, FileAccess.ReadWrite, FileShare.None);
            error = null;
            return new StorageLock(file);
        }
        catch (IOException e)
        {
            error = $"lock DB directory {storagePath}: {e.Message} (is another agent using it?)";
            return null;
        }
        catch (UnauthorizedAccessException e)
        {
            error = $"open DB directory {storagePath}: {e.Message}";
            return null;
        }
    }

    /// <summary>Releases the lock.</summary>
    public void Dispose() => _file.Dispose();
}
