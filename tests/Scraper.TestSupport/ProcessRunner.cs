using System.Diagnostics;

namespace Scraper.TestSupport;

/// <summary>Runs a short-lived process to completion, capturing its output; kills it by its own handle on timeout.</summary>
public static class ProcessRunner
{
    /// <summary>How the process ended and everything it printed.</summary>
    public sealed record Result(int ExitCode, string Stdout, string Stderr);

    /// <summary>
    /// Runs <paramref name="fileName"/> with <paramref name="args"/> until it exits; past <paramref name="timeout"/>
    /// it is killed (with its children) and the wait throws <see cref="OperationCanceledException"/>.
    /// </summary>
    public static async Task<Result> RunAsync(string fileName, IEnumerable<string> args, TimeSpan timeout, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(args);
        var info = new ProcessStartInfo(fileName)
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        foreach (var arg in args)
        {
            info.ArgumentList.Add(arg);
        }
        using var process = Process.Start(info) ?? throw new InvalidOperationException($"could not start {fileName}");
        try
        {
            var stdout = process.StandardOutput.ReadToEndAsync(cancellationToken);
            var stderr = process.StandardError.ReadToEndAsync(cancellationToken);
            using var deadline = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
            deadline.CancelAfter(timeout);
            await process.WaitForExitAsync(deadline.Token).ConfigureAwait(false);
            return new Result(process.ExitCode, await stdout.ConfigureAwait(false), await stderr.ConfigureAwait(false));
        }
        finally
        {
            if (!process.HasExited)
            {
                process.Kill(entireProcessTree: true);
            }
        }
    }
}
