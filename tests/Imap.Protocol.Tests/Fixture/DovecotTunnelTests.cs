using System.Diagnostics;
using System.Text;
using Imap.Testing.Dovecot;

namespace Imap.Protocol.Tests.Fixture;

/// <summary>The PREAUTH stdio command lines for the tunnel transport.</summary>
public sealed class DovecotTunnelTests(DovecotFixture fixture) : IClassFixture<DovecotFixture>
{
    private DovecotServer Server => fixture.Server;

    [Fact]
    public async Task The_shell_command_speaks_preauth_imap_and_keeps_stderr_out_of_the_stream()
    {
        var output = await RunAsync("/bin/sh", ["-c", Server.TunnelCommand("alice")], "a LIST \"\" \"\"\r\nb LOGOUT\r\n");

        Assert.StartsWith("* PREAUTH [CAPABILITY IMAP4rev1", output.Stdout, StringComparison.Ordinal);
        Assert.Contains("COMPRESS=DEFLATE", output.Stdout, StringComparison.Ordinal);
        Assert.Contains("* LIST (\\Noselect) \"/\" \"\"", output.Stdout, StringComparison.Ordinal);
        Assert.Contains("b OK", output.Stdout, StringComparison.Ordinal);
        Assert.Equal("", output.Stderr);
        Assert.Contains("Logged out", await File.ReadAllTextAsync(Server.TunnelLogPath), StringComparison.Ordinal);
    }

    [Fact]
    public async Task The_argv_form_runs_without_a_shell_as_the_given_user()
    {
        var argv = Server.TunnelArguments("bob");
        Assert.StartsWith("/", argv[0], StringComparison.Ordinal);

        var output = await RunAsync(argv[0], argv.Skip(1), "a LOGOUT\r\n");

        Assert.Contains("Logged in as bob", output.Stdout.Split("\r\n")[0], StringComparison.Ordinal);
    }

    [Fact]
    public async Task Mail_seeded_through_the_fixture_is_visible_in_the_tunnel()
    {
        await Server.CreateMailboxAsync("alice", "tunnel-box");
        await Server.AppendAsync("alice", "tunnel-box", SeedMessage.Simple("t1@example.org"));

        var output = await RunAsync("/bin/sh", ["-c", Server.TunnelCommand("alice")], "a STATUS tunnel-box (MESSAGES)\r\nb LOGOUT\r\n");

        Assert.Contains("* STATUS tunnel-box (MESSAGES 1)", output.Stdout, StringComparison.Ordinal);
    }

    [Fact]
    public void An_unknown_user_is_rejected()
    {
        Assert.Throws<ArgumentException>(() => Server.TunnelArguments("mallory"));
    }

    private static async Task<(string Stdout, string Stderr)> RunAsync(string file, IEnumerable<string> args, string input)
    {
        var startInfo = new ProcessStartInfo(file)
        {
            RedirectStandardInput = true,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        foreach (var arg in args)
        {
            startInfo.ArgumentList.Add(arg);
        }

        using var process = Process.Start(startInfo)!;
        using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(20));
        var stdout = process.StandardOutput.ReadToEndAsync(timeout.Token);
        var stderr = process.StandardError.ReadToEndAsync(timeout.Token);
        await process.StandardInput.BaseStream.WriteAsync(Encoding.ASCII.GetBytes(input), timeout.Token);
        process.StandardInput.Close();
        await process.WaitForExitAsync(timeout.Token);
        return (await stdout, await stderr);
    }
}
