using Imap.Sync.Tests.Fakes;

namespace Imap.Sync.Tests.Engine;

/// <summary>
/// A server restored from a backup hands out again the UIDs of the messages it lost: new mail there can
/// take the UID of a mapped message whose only copy is now on the other side.
/// </summary>
public sealed class RestoredServerTests : IDisposable
{
    private readonly SyncHarness _h = new();

    public void Dispose() => _h.Dispose();

    [Fact]
    public async Task New_mail_reusing_a_lost_uid_is_not_taken_for_the_lost_message()
    {
        await RestoreRemoteLosingTwoMessagesAsync();
        _h.Remote.Deliver("INBOX", Msg("post"));     // takes after1's old UID
        await _h.SyncAsync();
        await _h.SyncAsync();

        string[] all = [Msg("after1"), Msg("after2"), Msg("one"), Msg("post")];
        Assert.Equal(all, Texts(_h.Local["INBOX"]));
        Assert.Equal(all, Texts(_h.Remote["INBOX"]));

        // Deleting the new message must not delete the lost one's surviving copy.
        _h.Remote["INBOX"].Expunge(_h.Remote.UidOf("INBOX", Msg("post")));
        await _h.SyncAsync();
        string[] left = [Msg("after1"), Msg("after2"), Msg("one")];
        Assert.Equal(left, Texts(_h.Local["INBOX"]));
        Assert.Equal(left, Texts(_h.Remote["INBOX"]));
    }

    [Fact]
    public async Task A_copy_back_to_a_restored_server_killed_before_its_commit_is_found_not_made_twice()
    {
        await RestoreRemoteLosingTwoMessagesAsync();

        // The copy back lands on the remote, but the run dies before its mapping is committed.
        await Assert.ThrowsAsync<SimulatedKillException>(() => _h.RunAsync(e => e.SyncAsync(), null, new KillAtAppendReply()));
        await _h.SyncAsync();
        await _h.SyncAsync();

        string[] all = [Msg("after1"), Msg("after2"), Msg("one")];
        Assert.Equal(all, Texts(_h.Local["INBOX"]));
        Assert.Equal(all, Texts(_h.Remote["INBOX"]));
    }

    private sealed class KillAtAppendReply : IOperationHook
    {
        public void Before(string operation)
        {
        }

        public void After(string operation)
        {
            if (operation == "APPEND")
            {
                throw new SimulatedKillException("killed before the APPEND reply");
            }
        }
    }

    // Synced "one", then the remote gets after1 and after2 (synced too) and is restored from before them.
    private async Task RestoreRemoteLosingTwoMessagesAsync()
    {
        _h.Local.Deliver("INBOX", Msg("one"));
        await _h.SyncAsync();
        await _h.SyncAsync();
        var backup = _h.Remote["INBOX"].Clone();
        _h.Remote.Deliver("INBOX", Msg("after1"));
        _h.Remote.Deliver("INBOX", Msg("after2"));
        await _h.SyncAsync();
        _h.Remote.Mailboxes["INBOX"] = backup;
    }

    private static string[] Texts(FakeMailbox box) => [.. box.Messages.Values.Select(m => m.Text).Order(StringComparer.Ordinal)];

    private static string Msg(string id) => $"Message-ID: <{id}@x>\r\n\r\n{id}";
}
