using System.Reflection;
using System.Runtime.InteropServices;

namespace Scraper.Node.Hosting;

/// <summary>What this build is, for <c>/api/v1/status/buildinfo</c>, <c>prometheus_build_info</c> and the User-Agent.</summary>
internal static class BuildInfo
{
    /// <summary>The informational version (without a source-link hash suffix).</summary>
    public static string Version { get; } = ReadVersion();

    /// <summary>The commit, when the build recorded one (source link appends it after '+').</summary>
    public static string Revision { get; } = ReadRevision();

    /// <summary>The runtime, in the place Prometheus puts its Go version.</summary>
    public static string RuntimeVersion { get; } = "dotnet" + Environment.Version;

    /// <summary>OS, as Go's GOOS names it.</summary>
    public static string Os { get; } = OperatingSystem.IsLinux() ? "linux" : OperatingSystem.IsWindows() ? "windows" : OperatingSystem.IsMacOS() ? "darwin" : "unknown";

    /// <summary>Architecture, as Go's GOARCH names it.</summary>
    public static string Arch { get; } = RuntimeInformation.ProcessArchitecture switch
    {
        Architecture.X64 => "amd64",
        Architecture.Arm64 => "arm64",
        Architecture.X86 => "386",
        Architecture.Arm => "arm",
        var other => other.ToString().ToLowerInvariant(),
    };

    private static string Informational() =>
        typeof(BuildInfo).Assembly.GetCustomAttribute<AssemblyInformationalVersionAttribute>()?.InformationalVersion ?? "unknown";

    private static string ReadVersion()
    {
        var v = Informational();
        var plus = v.IndexOf('+', StringComparison.Ordinal);
        return plus >= 0 ? v[..plus] : v;
    }

    private static string ReadRevision()
    {
        var v = Informational();
        var plus = v.IndexOf('+', StringComparison.Ordinal);
        return plus >= 0 ? v[(plus + 1)..] : string.Empty;
    }
}
