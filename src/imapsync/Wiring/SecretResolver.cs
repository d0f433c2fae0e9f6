using System.Diagnostics;
using System.Globalization;
using System.Text;
using ImapSync.Cli.Configuration;
using ImapSync.Cli.Options;
using ImapSync.Cli.Running;

namespace ImapSync.Cli.Wiring;

/// <summary>
/// Gets a secret: the literal from the file, or the standard output of <c>password-command</c> /
/// <c>oauth-token-command</c> run with <c>/bin/sh -c</c>, without its trailing newline. A failing
/// command is a configuration error whose message names the key and the command, never the output.
/// A command that hangs is killed with its children after <see cref="DefaultTimeout"/>, and one that
/// prints more than <see cref="MaxOutputChars"/> characters is killed at once: neither may stall the
/// run or fill the memory.
/// </summary>
internal static class SecretResolver
{
    public static readonly TimeSpan DefaultTimeout = TimeSpan.FromSeconds(30);

    /// <summary>Far above any password or OAuth token (a JWT is a few KB).</summary>
    public const int MaxOutputChars = 64 * 1024;

    /// <param name="what">The key, with the server's name, e.g. <c>remote: password-command</c>.</param>
    /// <param name="timeout">How long the command may run; <see cref="DefaultTimeout"/> when null.</param>
    public static async Task<string> ResolveAsync(SecretSource source, string what, CancellationToken cancellationToken, TimeSpan? timeout = null)
    {
        if (source.Literal is not null)
        {
            return source.Literal;
        }

        var command = source.Command!;
        var start = new ProcessStartInfo("/bin/sh")
        {
            RedirectStandardOutput = true,
            RedirectStandardInput = true,
            UseShellExecute = false,
        };
        start.ArgumentList.Add("-c");
        start.ArgumentList.Add(command);
        using var process = Process.Start(start)
            ?? throw Failure(what, command, "cannot be run");
        process.StandardInput.Close();
        var limit = timeout ?? DefaultTimeout;
        using var deadline = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        deadline.CancelAfter(limit);
        string output;
        try
        {
            output = await ReadBoundedAsync(process.StandardOutput, deadline.Token)
                ?? throw Failure(what, command, string.Create(CultureInfo.InvariantCulture, $"printed more than {MaxOutputChars} characters (killed)"));
            await process.WaitForExitAsync(deadline.Token);
        }
        catch (OperationCanceledException) when (!cancellationToken.IsCancellationRequested)
        {
            throw Failure(what, command, string.Create(CultureInfo.InvariantCulture, $"did not finish within {limit.TotalSeconds:0.###} s (killed)"));
        }
        finally
        {
            KillIfRunning(process);
        }

        if (process.ExitCode != 0)
        {
            throw Failure(what, command, string.Create(CultureInfo.InvariantCulture, $"exited with status {process.ExitCode}"));
        }

        var secret = output.TrimEnd('\n', '\r');
        return secret.Length > 0 && !secret.Contains('\n', StringComparison.Ordinal)
            ? secret
            : throw Failure(what, command, "must print exactly one non-empty line");
    }

    /// <summary>The whole output, or null once it grows past <see cref="MaxOutputChars"/>.</summary>
    private static async Task<string?> ReadBoundedAsync(StreamReader output, CancellationToken cancellationToken)
    {
        var text = new StringBuilder();
        var buffer = new char[4096];
        int read;
        while ((read = await output.ReadAsync(buffer, cancellationToken)) > 0)
        {
            if (text.Length + read > MaxOutputChars)
            {
                return null;
            }

            text.Append(buffer, 0, read);
        }

        return text.ToString();
    }

    private static void KillIfRunning(Process process)
    {
        try
        {
            if (!process.HasExited)
            {
                process.Kill(entireProcessTree: true);
            }
        }
        catch (InvalidOperationException)
        {
            // it exited meanwhile
        }
    }

    private static CliFailure Failure(string what, string command, string problem) =>
        new(ExitCodes.UsageOrConfig, $"{what}: '{command}' {problem}");
}
