using System.Diagnostics;
using Imap.Testing.Dovecot;

namespace Imap.Sync.Tests.Dovecot;

/// <summary>
/// Runs the real Debian <c>interimap</c> between two fixture servers (both over PREAUTH tunnels), with
/// its config and database inside a scratch directory (XDG variables pointed there).
/// </summary>
/// <param name="remoteSection">A [remote] section to use instead of the tunnel to <paramref name="remote"/>.</param>
internal sealed class InterImapRunner(DovecotServer local, DovecotServer? remote, string user, string workDirectory, string? remoteSection = null)
{
    public string DatabasePath => Path.Combine(workDirectory, "data", "interimap", "state.db");

    public async Task<(int ExitCode, string Output)> RunAsync(params string[] arguments)
    {
        var config = Path.Combine(workDirectory, "config", "interimap", "config");
        Directory.CreateDirectory(Path.GetDirectoryName(config)!);
        Directory.CreateDirectory(Path.GetDirectoryName(DatabasePath)!);
        await File.WriteAllTextAsync(config, $"""
            database = state.db

            [local]
            type = tunnel
            command = {local.TunnelCommand(user)}
            compress = NO

            {remoteSection ?? $"[remote]\ntype = tunnel\ncommand = {remote!.TunnelCommand(user)}\ncompress = NO"}

            """);

        var info = new ProcessStartInfo("/usr/bin/interimap")
        {
            RedirectStandardError = true,
            RedirectStandardOutput = true,
        };
        info.ArgumentList.Add("--config=" + config);
        foreach (var argument in arguments)
        {
            info.ArgumentList.Add(argument);
        }

        info.Environment["XDG_CONFIG_HOME"] = Path.Combine(workDirectory, "config");
        info.Environment["XDG_DATA_HOME"] = Path.Combine(workDirectory, "data");
        info.Environment["HOME"] = workDirectory;
        using var process = Process.Start(info)!;
        var stdout = process.StandardOutput.ReadToEndAsync();
        var stderr = process.StandardError.ReadToEndAsync();
        using var timeout = new CancellationTokenSource(TimeSpan.FromMinutes(2));
        await process.WaitForExitAsync(timeout.Token);
        return (process.ExitCode, await stdout + await stderr);
    }
}
