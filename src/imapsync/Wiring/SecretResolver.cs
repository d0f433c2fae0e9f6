using System.Diagnostics;
using ImapSync.Cli.Configuration;
using ImapSync.Cli.Running;

namespace ImapSync.Cli.Wiring;

/// <summary>
/// Gets a secret: the literal from the file, or the standard output of <c>password-command</c> /
/// <c>oauth-token-command</c> run with <c>/bin/sh -c</c>, without its trailing newline. A failing
/// command is a configuration error whose message names the command, never the output.
/// </summary>
internal static class SecretResolver
{
    public static async Task<string> ResolveAsync(SecretSource source, string what, CancellationToken cancellationToken)
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
            ?? throw new CliFailure(Options.ExitCodes.UsageOrConfig, $"{what}: cannot run '{command}'");
        process.StandardInput.Close();
        var output = await process.StandardOutput.ReadToEndAsync(cancellationToken);
        await process.WaitForExitAsync(cancellationToken);
        if (process.ExitCode != 0)
        {
            throw new CliFailure(Options.ExitCodes.UsageOrConfig, $"{what}: '{command}' exited with status {process.ExitCode}");
        }

        var secret = output.TrimEnd('\n', '\r');
        return secret.Length > 0 && !secret.Contains('\n', StringComparison.Ordinal)
            ? secret
            : throw new CliFailure(Options.ExitCodes.UsageOrConfig, $"{what}: '{command}' must print exactly one non-empty line");
    }
}
