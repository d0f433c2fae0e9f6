using Imap.Sync.Tests.Fakes;

namespace Imap.Sync.Tests.Engine;

/// <summary>Another client changes flags while we STORE ours (UNCHANGEDSINCE refuses, we re-read).</summary>
public sealed class FlagRaceTests : IDisposable
{
    private readonly SyncHarness _h = new();

    public void Dispose() => _h.Dispose();

    [Theory]
    [InlineData(ChangeSourceKind.QResync)]
    [InlineData(ChangeSourceKind.CondStore)]
    public async Task A_change_racing_with_our_store_is_merged_not_overwritten(ChangeSourceKind source)
    {
        _h.Local.Deliver("INBOX", "three");
        _h.Options = new SyncOptions { MaxChangeSource = source };
        await _h.SyncAsync();
        await _h.SyncAsync();
        var remoteUid = _h.Remote.UidOf("INBOX", "three");
        var localUid = _h.Local.UidOf("INBOX", "three");
        _h.Local["INBOX"].SetFlags(localUid, ["\\Seen"]);

        // After our SELECT another client flags the remote copy: both sides changed, so the union wins.
        await _h.RunAsync(e => e.SyncAsync(), null, new RaceInjector(() => _h.Remote["INBOX"].SetFlags(remoteUid, ["\\Flagged"])));
        await _h.SyncAsync();

        Assert.Equal(["\\Flagged", "\\Seen"], _h.Remote["INBOX"].Messages[remoteUid].Flags.Order(StringComparer.Ordinal));
        Assert.Equal(["\\Flagged", "\\Seen"], _h.Local["INBOX"].Messages[localUid].Flags.Order(StringComparer.Ordinal));
    }

    // Before each of our STOREs another client marks the remote copy read and unread again, so every
    // UNCHANGEDSINCE is refused and the run gives up. Local's change was never carried over: local must
    // not store its new HIGHESTMODSEQ, or the next run never reads the change again and the two sides
    // stay different for good.
    [Theory]
    [InlineData(ChangeSourceKind.QResync)]
    [InlineData(ChangeSourceKind.CondStore)]
    public async Task A_change_whose_stores_keep_being_refused_is_read_again_by_the_next_run(ChangeSourceKind source)
    {
        _h.Local.Deliver("INBOX", "busy");
        _h.Options = new SyncOptions { MaxChangeSource = source };
        await _h.SyncAsync();
        await _h.SyncAsync();
        var localUid = _h.Local.UidOf("INBOX", "busy");
        var remoteUid = _h.Remote.UidOf("INBOX", "busy");
        var mailboxId = _h.WithState(s => s.FindMailbox("INBOX")!.Id);
        var before = _h.WithState(s => s.GetSideStates(mailboxId)!.Value.Local.HighestModSeq);
        _h.Local["INBOX"].SetFlags(localUid, ["\\Flagged", "\\Seen"]);

        var stores = 0;
        await _h.RunAsync(e => e.SyncAsync(), null, new BeforeEachStore(() =>
        {
            stores++;
            _h.Remote["INBOX"].SetFlags(remoteUid, ["\\Seen"]);
            _h.Remote["INBOX"].SetFlags(remoteUid, []);
        }));
        Assert.True(stores > 1);
        Assert.Equal(before, _h.WithState(s => s.GetSideStates(mailboxId)!.Value.Local.HighestModSeq));
        Assert.Contains(_h.Events, e => e.Kind == SyncEventKind.Warning && e.Mailbox == "INBOX"
            && e.Message.Contains($"local UID(s) {localUid}", StringComparison.Ordinal) && e.Message.Contains($"remote UID(s) {remoteUid}", StringComparison.Ordinal));

        await _h.SyncAsync();
        Assert.Equal(["\\Flagged", "\\Seen"], _h.Local["INBOX"].Messages[localUid].Flags.Order(StringComparer.Ordinal));
        Assert.Equal(["\\Flagged", "\\Seen"], _h.Remote["INBOX"].Messages[remoteUid].Flags.Order(StringComparer.Ordinal));
    }

    /// <summary>Runs another client's change before every UID STORE.</summary>
    private sealed class BeforeEachStore(Action change) : IOperationHook
    {
        public void Before(string operation)
        {
            if (operation == "UID STORE")
            {
                change();
            }
        }

        public void After(string operation)
        {
        }
    }
}
