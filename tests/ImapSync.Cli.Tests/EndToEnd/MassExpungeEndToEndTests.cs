using Imap.Testing.Dovecot;
using ImapSync.Cli.Options;

namespace ImapSync.Cli.Tests.EndToEnd;

/// <summary>
/// The mass-expunge safety valve through the built program against real Dovecot servers: the remote
/// INBOX's maildir files are deleted behind Dovecot's back (a lost store; Dovecot resyncs and keeps the
/// UIDVALIDITY), so every mapped message looks expunged there. Nothing is deleted locally until the
/// run is confirmed with --allow-mass-expunge.
/// </summary>
public sealed class MassExpungeEndToEndTests : IAsyncLifetime
{
    private const int Messages = 130;

    private CliSandbox _sandbox = null!;

    public async Task InitializeAsync() => _sandbox = await CliSandbox.StartAsync();

    public async Task DisposeAsync() => await _sandbox.DisposeAsync();

    [Fact]
    public async Task A_lost_remote_store_stops_the_mailbox_with_exit_4_until_confirmed()
    {
        await _sandbox.Remote.AppendAsync(CliSandbox.User, "INBOX",
            Enumerable.Range(0, Messages).Select(i => SeedMessage.Simple($"mass{i}@e2e.example")));
        var first = await _sandbox.RunAsync();
        Assert.True(first.ExitCode == ExitCodes.Success, first.Stderr);
        Assert.Equal(Messages, (await CliSandbox.ReadBackAsync(_sandbox.Local)).Count);
        var uidValidity = (await _sandbox.Remote.GetMailboxStatusAsync(CliSandbox.User, "INBOX")).UidValidity;

        DeleteInboxFiles(_sandbox.Remote);

        for (var run = 0; run < 2; run++)
        {
            var (exitCode, _, stderr) = await _sandbox.RunAsync();
            Assert.True(exitCode == ExitCodes.NeedsDecision, $"exit {exitCode}\n{stderr}");
            Assert.Contains($"{Messages} of the {Messages} mapped messages of INBOX (100%) vanished from remote", stderr, StringComparison.Ordinal);
            Assert.Contains("--allow-mass-expunge", stderr, StringComparison.Ordinal);
            Assert.Equal(Messages, (await CliSandbox.ReadBackAsync(_sandbox.Local)).Count);
        }

        Assert.Equal(uidValidity, (await _sandbox.Remote.GetMailboxStatusAsync(CliSandbox.User, "INBOX")).UidValidity);
        var confirmed = await _sandbox.RunAsync("--allow-mass-expunge");
        Assert.True(confirmed.ExitCode == ExitCodes.Success, confirmed.Stderr);
        Assert.Empty(await CliSandbox.ReadBackAsync(_sandbox.Local));
        Assert.Empty(await CliSandbox.ReadBackAsync(_sandbox.Remote));

        var after = await _sandbox.RunAsync();
        Assert.True(after.ExitCode == ExitCodes.Success, after.Stderr);
    }

    /// <summary>The INBOX messages' files of a Maildir++ store (subfolders are dot-directories beside cur/ and new/).</summary>
    private static void DeleteInboxFiles(Imap.Testing.LocalImapServer server)
    {
        var inbox = Path.Combine(server.Directory, "mail", CliSandbox.User);
        var files = new[] { "cur", "new" }.SelectMany(d => Directory.GetFiles(Path.Combine(inbox, d))).ToList();
        Assert.Equal(Messages, files.Count);
        files.ForEach(File.Delete);
    }
}
