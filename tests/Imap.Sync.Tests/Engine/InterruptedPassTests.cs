using Imap.Sync.Tests.Fakes;

namespace Imap.Sync.Tests.Engine;

/// <summary>
/// A pass killed after its copies were mapped but before UIDNEXT was stored leaves mapped UIDs at or
/// above the stored UIDNEXT; changes to those messages before the next run must still be seen.
/// </summary>
public sealed class InterruptedPassTests : IDisposable
{
    private readonly SyncHarness _h = new();

    public void Dispose() => _h.Dispose();

    [Fact]
    public async Task An_expunge_of_a_message_mapped_by_an_interrupted_pass_reaches_the_other_side()
    {
        _h.Local.Deliver("INBOX", "old");
        await _h.SyncAsync();
        await _h.SyncAsync(); // a baseline with HIGHESTMODSEQ: the next run uses QRESYNC

        _h.Local.Deliver("INBOX", "new");
        await Assert.ThrowsAsync<SimulatedKillException>(() => _h.RunAsync(e => e.SyncAsync(), null, new KillAfterAppend()));
        Assert.Equal(2, _h.Remote["INBOX"].Messages.Count); // copied and mapped, UIDNEXT not stored

        _h.Local["INBOX"].Expunge(_h.Local.UidOf("INBOX", "new"));
        await _h.SyncAsync();
        await _h.SyncAsync();

        Assert.Equal(["old"], _h.Remote["INBOX"].Messages.Values.Select(m => m.Text));
        _h.AssertConverged("INBOX");
    }

    // Kills the run at the first operation after an APPEND completed (its mapping is committed by then).
    private sealed class KillAfterAppend : IOperationHook
    {
        private bool _appended;

        public void Before(string operation)
        {
            if (_appended)
            {
                throw new SimulatedKillException("killed after APPEND at " + operation);
            }
        }

        public void After(string operation) => _appended |= operation == "APPEND";
    }
}
