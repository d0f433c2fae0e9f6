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
}
