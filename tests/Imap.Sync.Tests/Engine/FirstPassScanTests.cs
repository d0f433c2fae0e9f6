using Imap.Sync.Ports;
using Imap.Sync.Tests.Fakes;

namespace Imap.Sync.Tests.Engine;

/// <summary>
/// A full scan with nothing mapped (a first pass) asks only which UIDs are present: nothing can be gone
/// or changed, and the flags of a whole large mailbox were the largest allocation of its initial copy.
/// Once pairs are mapped, a full scan reads the flags again and carries their changes.
/// </summary>
public sealed class FirstPassScanTests : IDisposable
{
    private readonly SyncHarness _h = new();

    public FirstPassScanTests()
    {
        _h.Local.Deliver("INBOX", "Message-ID: <l1@x>\r\n\r\none", "\\Seen");
        _h.Local.Deliver("INBOX", "Message-ID: <l2@x>\r\n\r\ntwo");
        _h.Remote.Deliver("INBOX", "Message-ID: <r1@x>\r\n\r\nthree", "\\Flagged");
        _h.Remote.Deliver("INBOX", "Message-ID: <r2@x>\r\n\r\nfour", "$Label");
    }

    public void Dispose() => _h.Dispose();

    [Fact]
    public async Task A_first_pass_lists_uids_without_reading_flags()
    {
        var summary = await _h.SyncAsync();

        Assert.Equal(2, summary.MessagesCopiedToLocal);
        Assert.Equal(2, summary.MessagesCopiedToRemote);
        foreach (var log in new[] { _h.LastLocal!.Log, _h.LastRemote!.Log })
        {
            Assert.Contains("UID SEARCH", log);
            Assert.DoesNotContain("UID FETCH FLAGS", log);
        }

        _h.AssertConverged("INBOX");
    }

    [Fact]
    public async Task A_full_scan_after_the_first_pass_still_carries_flag_changes()
    {
        _h.Options = new SyncOptions { MaxChangeSource = ChangeSourceKind.FullScan };
        await _h.SyncAsync();
        var remote = _h.Remote["INBOX"];
        remote.SetFlags(remote.Messages.Keys.Min(), ["\\Answered"]);

        var summary = await _h.SyncAsync();

        Assert.Equal(1, summary.FlagUpdates);
        Assert.Contains("UID FETCH FLAGS", _h.LastRemote!.Log);
        _h.AssertConverged("INBOX");
    }
}
