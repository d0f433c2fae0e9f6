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

    [Theory]
    [InlineData(true)]
    [InlineData(false)]
    public async Task A_restore_stays_known_after_a_crash_even_when_copy_backs_pushed_uidnext_past_the_stored_value(bool qresync)
    {
        _h.RemoteFeatures = FakeMailServer.AllFeatures with { QResync = qresync };
        await RestoreRemoteLosingTwoMessagesAsync();
        _h.Remote.Deliver("INBOX", Msg("post"));     // takes after1's old UID
        var storedUidNext = _h.WithState(s => s.GetSideStates(s.FindMailbox("INBOX")!.Id)!.Value.Remote.UidNext);

        // The second APPEND (the copy back to the remote) lands, then the run dies before its commit:
        // the remote's UIDNEXT is now past the stored one, so it no longer looks restored.
        await Assert.ThrowsAsync<SimulatedKillException>(() => _h.RunAsync(e => e.SyncAsync(), null, new KillAtAppendReply(2)));
        Assert.True(_h.Remote["INBOX"].UidNext > storedUidNext);
        Assert.True(_h.WithState(s => s.GetRestoredSides(s.FindMailbox("INBOX")!.Id).Contains(SyncSide.Remote)));

        _h.Events.Clear();
        await _h.SyncAsync();
        await _h.SyncAsync();

        string[] all = [Msg("after1"), Msg("after2"), Msg("one"), Msg("post")];
        Assert.Equal(all, Texts(_h.Local["INBOX"]));
        Assert.Equal(all, Texts(_h.Remote["INBOX"]));
        Assert.DoesNotContain(_h.Events, e => e.Kind == SyncEventKind.MessagesExpunged);
        Assert.Empty(_h.WithState(s => s.GetRestoredSides(s.FindMailbox("INBOX")!.Id)));
    }

    [Fact]
    public async Task The_restored_marker_is_cleared_only_by_a_completed_pass()
    {
        await RestoreRemoteLosingTwoMessagesAsync();
        await Assert.ThrowsAsync<SimulatedKillException>(() => _h.RunAsync(e => e.SyncAsync(), null, new KillAtAppendReply(1)));
        Assert.Equal([SyncSide.Remote], _h.WithState(s => s.GetRestoredSides(s.FindMailbox("INBOX")!.Id)));

        await _h.SyncAsync();
        Assert.Empty(_h.WithState(s => s.GetRestoredSides(s.FindMailbox("INBOX")!.Id)));
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
