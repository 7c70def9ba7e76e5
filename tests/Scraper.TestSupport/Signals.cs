using System.Runtime.InteropServices;

namespace Scraper.TestSupport;

/// <summary>POSIX signals to a process we started, by its PID (.NET's Process has only SIGKILL).</summary>
public static partial class Signals
{
    /// <summary>SIGINT.</summary>
    public const int Interrupt = 2;

    /// <summary>SIGKILL.</summary>
    public const int Kill = 9;

    /// <summary>SIGTERM.</summary>
    public const int Terminate = 15;

    /// <summary>Sends <paramref name="signal"/> to <paramref name="pid"/>; false when the process is gone.</summary>
    public static bool Send(int pid, int signal) => SysKill(pid, signal) == 0;

    [LibraryImport("libc", EntryPoint = "kill", SetLastError = true)]
    private static partial int SysKill(int pid, int sig);
}
