using Imap.Sync.Tests.Dovecot;
using Imap.Testing.Faults;

namespace Imap.Sync.Tests.Faults;

/// <summary>
/// A server that leaves a message it still holds out of a FETCH answer (made from real Dovecot by asking
/// it for fewer UIDs than the client sent). The message must not be skipped as if expunged: the run
/// reports the mailbox as failed without storing its UIDNEXT past the message, and the next run copies it.
/// </summary>
public sealed class OmittedFetchTests
{
    private const string User = TwoDovecots.User;

    [Theory]
    [InlineData("BODY.PEEK[]")]
    [InlineData("RFC822.SIZE")]
    public async Task A_message_left_out_of_a_fetch_answer_is_copied_by_the_next_run_not_skipped(string fetchItem)
    {
        await using var proxied = await ProxiedDovecots.StartAsync();
        var servers = proxied.Servers;
        await servers.Remote.AppendAsync(User, "INBOX", [DovecotSyncTests.Seed("r1"), DovecotSyncTests.Seed("r2"), DovecotSyncTests.Seed("r3")]);
        var narrowed = 0;
        proxied.RemoteProxy.Faults = [Fault.Rewrite(FaultDirection.ClientToServer, line =>
        {
            if (!line.Contains(" UID FETCH 1:3 ", StringComparison.Ordinal) || !line.Contains(fetchItem, StringComparison.Ordinal))
            {
                return line;
            }

            Interlocked.Increment(ref narrowed);
            return line.Replace(" UID FETCH 1:3 ", " UID FETCH 1,3 ", StringComparison.Ordinal);
        })];
        var db = servers.Work.File("state.db");

        var first = await proxied.SyncAsync(db, new SyncOptions());

        Assert.True(narrowed > 0, $"no UID FETCH of {fetchItem} was narrowed");
        var error = Assert.Single(first.Errors);
        Assert.Contains("UID 2", error.Message, StringComparison.Ordinal);
        Assert.Contains("still in the mailbox", error.Message, StringComparison.Ordinal);
        Assert.DoesNotContain(await TwoDovecots.ReadBackAsync(servers.Local), m => m.Contains("<r2@x>", StringComparison.Ordinal));

        proxied.ClearFaults();
        var second = await proxied.SyncAsync(db, new SyncOptions());

        Assert.Empty(second.Errors);
        var local = await TwoDovecots.ReadBackAsync(servers.Local);
        Assert.Equal(local, await TwoDovecots.ReadBackAsync(servers.Remote));
        Assert.Equal(3, local.Count);
    }

    [Fact]
    public async Task A_body_answered_under_a_uid_not_asked_for_is_neither_copied_nor_mapped()
    {
        await using var proxied = await ProxiedDovecots.StartAsync();
        var servers = proxied.Servers;
        await servers.Remote.AppendAsync(User, "INBOX", [DovecotSyncTests.Seed("r1"), DovecotSyncTests.Seed("r2"), DovecotSyncTests.Seed("r3")]);
        var relabelled = 0;
        proxied.RemoteProxy.Faults = [Fault.Rewrite(FaultDirection.ServerToClient, line =>
        {
            if (!line.StartsWith("* 2 FETCH (UID 2 ", StringComparison.Ordinal) || !line.Contains("BODY[]", StringComparison.Ordinal))
            {
                return line;
            }

            Interlocked.Increment(ref relabelled);
            return line.Replace("(UID 2 ", "(UID 7 ", StringComparison.Ordinal);
        })];
        var db = servers.Work.File("state.db");

        var first = await proxied.SyncAsync(db, new SyncOptions());
        proxied.ClearFaults();
        var second = await proxied.SyncAsync(db, new SyncOptions());

        Assert.True(relabelled > 0, "no FETCH answer was relabelled");
        Assert.Contains("UID 2", Assert.Single(first.Errors).Message, StringComparison.Ordinal);
        Assert.Empty(second.Errors);
        var local = await TwoDovecots.ReadBackAsync(servers.Local);
        Assert.Equal(local, await TwoDovecots.ReadBackAsync(servers.Remote));
        Assert.Equal(3, local.Count);
    }
}
