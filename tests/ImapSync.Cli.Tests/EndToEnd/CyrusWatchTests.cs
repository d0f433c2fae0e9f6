using System.Text.RegularExpressions;
using Imap.Testing;
using Imap.Testing.Dovecot;
using Imap.Testing.Processes;
using ImapSync.Cli.Options;
using Xunit.Abstractions;

namespace ImapSync.Cli.Tests.EndToEnd;

/// <summary>
/// <c>--watch --notify</c> through the built program between Dovecot (local, NOTIFY) and Cyrus 3.6
/// (remote, no NOTIFY): the Cyrus side falls back to IDLE on INBOX and says so; new mail and a flag
/// change on either side reach the other within seconds while it watches; SIGTERM ends it with exit
/// code 0 and leaves no process behind.
/// </summary>
public sealed class CyrusWatchTests(ITestOutputHelper output) : IAsyncLifetime
{
    private const string User = CliSandbox.User;
    private static readonly TimeSpan Deadline = TimeSpan.FromSeconds(15);
    private CliSandbox _sandbox = null!;

    public async Task InitializeAsync() => _sandbox = await CliSandbox.StartWithCyrusAsync();

    public async Task DisposeAsync() => await _sandbox.DisposeAsync();

    [Fact]
    public async Task Watch_notify_against_Cyrus_falls_back_to_IDLE_carries_changes_both_ways_and_stops_on_SIGTERM()
    {
        await _sandbox.Local.AppendAsync(User, "INBOX", SeedMessage.Simple("d1@e2e.example"));
        await _sandbox.Remote.AppendAsync(User, "INBOX", SeedMessage.Simple("c1@e2e.example"));
        var first = await _sandbox.RunAsync();
        Assert.True(first.ExitCode == ExitCodes.Success, first.Stderr);

        using var watcher = _sandbox.Start("--watch", "--notify", "--debug");
        await watcher.WaitForStderrAsync(new Regex(@"remote: C: \S+ IDLE"), TimeSpan.FromSeconds(30));
        await watcher.WaitForStderrAsync(new Regex(@"local: C: \S+ IDLE"), TimeSpan.FromSeconds(30));
        Assert.Matches(@"remote: the server offers no NOTIFY \(RFC 5465\): watching INBOX with IDLE, other mailboxes every 900 s", watcher.Stderr);
        Assert.Matches(@"local: watching every mailbox with NOTIFY", watcher.Stderr);
        Assert.Matches(@"remote: C: \S+ EXAMINE INBOX", watcher.Stderr);
        Assert.DoesNotMatch(@"remote: C: \S+ NOTIFY", watcher.Stderr);

        // Cyrus to Dovecot: a new message, then a flag change.
        await _sandbox.Remote.AppendAsync(User, "INBOX", SeedMessage.Simple("c2@e2e.example"));
        await ArrivesAsync(_sandbox.Local, "INBOX: <c2@e2e.example> []", watcher);
        await _sandbox.Remote.AddFlagsAsync(User, "INBOX", [await UidAsync(_sandbox.Remote, "<c1@e2e.example>")], ["\\Flagged"]);
        await ArrivesAsync(_sandbox.Local, "INBOX: <c1@e2e.example> [\\Flagged]", watcher);

        // Dovecot to Cyrus: the same.
        await _sandbox.Local.AppendAsync(User, "INBOX", SeedMessage.Simple("d2@e2e.example"));
        await ArrivesAsync(_sandbox.Remote, "INBOX: <d2@e2e.example> []", watcher);
        await _sandbox.Local.AddFlagsAsync(User, "INBOX", [await UidAsync(_sandbox.Local, "<d1@e2e.example>")], ["\\Seen"]);
        await ArrivesAsync(_sandbox.Remote, "INBOX: <d1@e2e.example> [\\Seen]", watcher);

        var children = UnixProcess.Descendants(watcher.Pid);
        Assert.NotEmpty(children); // the local tunnels
        watcher.Signal("TERM");
        Assert.Equal(ExitCodes.Success, await watcher.WaitAsync(TimeSpan.FromSeconds(30)));
        Assert.True(await UnixProcess.WaitGoneAsync(children, TimeSpan.FromSeconds(10)), "a child of imapsync outlived it");

        string[] expected = ["INBOX: <c1@e2e.example> [\\Flagged]", "INBOX: <c2@e2e.example> []", "INBOX: <d1@e2e.example> [\\Seen]", "INBOX: <d2@e2e.example> []"];
        Assert.Equal(expected, await CliSandbox.ReadBackAsync(_sandbox.Local));
        Assert.Equal(expected, await CliSandbox.ReadBackAsync(_sandbox.Remote));
    }

    private static async Task<uint> UidAsync(LocalImapServer server, string messageId) =>
        (await server.FetchMessagesAsync(User, "INBOX")).Single(m => m.MessageId == messageId).Uid;

    /// <summary>Waits for <paramref name="line"/> on <paramref name="server"/> and logs how long it took.</summary>
    private async Task ArrivesAsync(LocalImapServer server, string line, ImapSyncProcess watcher)
    {
        var took = await CliSandbox.WaitForLineAsync(server, line, watcher, Deadline);
        output.WriteLine($"{line} on {(server == _sandbox.Local ? "Dovecot" : "Cyrus")} after {took.TotalSeconds:0.0} s");
    }
}
