using System.Text.RegularExpressions;
using Imap.Testing.Faults;
using ImapSync.Cli.Options;

namespace ImapSync.Cli.Tests.EndToEnd;

/// <summary>
/// `imapsync INBOX` against a real Dovecot whose LIST reply gains, through a rewriting proxy, a mailbox
/// the pattern does not match: the program warns and ignores it (no CREATE, nothing copied) instead of
/// acting on it.
/// </summary>
public sealed class ListOutsidePatternTests : IAsyncLifetime
{
    private CliSandbox _sandbox = null!;

    public async Task InitializeAsync() => _sandbox = await CliSandbox.StartAsync();

    public async Task DisposeAsync() => await _sandbox.DisposeAsync();

    [Fact]
    public async Task A_LIST_reply_outside_the_requested_pattern_is_dropped_with_a_warning()
    {
        await _sandbox.Remote.AppendAsync(CliSandbox.User, "INBOX", Imap.Testing.Dovecot.SeedMessage.Simple("inbox@list.example"));
        var injected = 0;
        await using var proxy = FaultProxy.Start(_sandbox.Remote.Host, _sandbox.Remote.Port, Fault.Rewrite(FaultDirection.ServerToClient, line =>
        {
            if (Regex.IsMatch(line, @"^\* LIST .* INBOX$"))
            {
                Interlocked.Increment(ref injected);
                return line + "\r\n* LIST (\\HasNoChildren) \".\" Injected";
            }

            return line;
        }));
        _sandbox.WriteConfig(_sandbox.PlainRemoteSection(proxy.Port));

        var (exitCode, _, stderr) = await _sandbox.RunAsync("INBOX");

        Assert.True(injected > 0, "the LIST reply was never rewritten");
        Assert.True(exitCode == ExitCodes.Success, $"exit {exitCode}\n{stderr}");
        Assert.Contains("remote: WARNING: Ignoring mailbox Injected in the LIST reply: it matches none of the patterns asked for (INBOX)", stderr, StringComparison.Ordinal);
        Assert.DoesNotContain("Couldn't create", stderr, StringComparison.Ordinal);
        Assert.DoesNotContain("Created mailbox", stderr, StringComparison.Ordinal);
        Assert.Equal(["INBOX"], await _sandbox.Local.ListMailboxesAsync(CliSandbox.User));
        Assert.Equal(["INBOX: <inbox@list.example> []"], await CliSandbox.ReadBackAsync(_sandbox.Local));
    }
}
