using Imap.Sync.Tests.Fakes;

namespace Imap.Sync.Tests.Engine;

/// <summary>
/// A copy of a message without Message-ID killed before its APPEND reply is found again by size and
/// internal date only when nothing else on the target could be it; otherwise it is copied again with a
/// warning (a possible duplicate) rather than paired with a message that may be another one.
/// </summary>
public sealed class InterruptedCopyWithoutMessageIdTests : IDisposable
{
    private readonly SyncHarness _h = new();

    public void Dispose() => _h.Dispose();

    [Fact]
    public async Task A_single_look_alike_is_found_again_and_not_copied_twice()
    {
        _h.Local.Deliver("INBOX", "no id, body A");
        await Assert.ThrowsAsync<SimulatedKillException>(() => _h.RunAsync(e => e.SyncAsync(), null, new KillAtAppendReply()));
        await _h.SyncAsync();
        await _h.SyncAsync();

        Assert.Equal(["no id, body A"], _h.Remote["INBOX"].Messages.Values.Select(m => m.Text));
        Assert.DoesNotContain(_h.Events, e => e.Kind == SyncEventKind.Warning);
    }

    [Fact]
    public async Task A_second_look_alike_on_the_target_is_never_paired_by_guess()
    {
        _h.Local.Deliver("INBOX", "no id, body A");
        await Assert.ThrowsAsync<SimulatedKillException>(() => _h.RunAsync(e => e.SyncAsync(), null, new KillAtAppendReply()));

        // Another message of the same size and internal date arrives on the remote meanwhile.
        _h.Remote.Deliver("INBOX", "no id, body B");
        _h.Events.Clear();
        await _h.SyncAsync();
        await _h.SyncAsync();

        Assert.Contains(_h.Events, e => e.Kind == SyncEventKind.Warning && e.Message.Contains("could not be identified", StringComparison.Ordinal));

        // Nothing lost, nothing paired wrongly: the other message reached the local side too, and
        // deleting it on the remote leaves every copy of A alone.
        Assert.Contains("no id, body B", _h.Local["INBOX"].Messages.Values.Select(m => m.Text));
        Assert.Equal(_h.Local.Snapshot("INBOX"), _h.Remote.Snapshot("INBOX"));
        _h.Remote["INBOX"].Expunge(_h.Remote.UidOf("INBOX", "no id, body B"));
        await _h.SyncAsync();
        Assert.DoesNotContain("no id, body B", _h.Local["INBOX"].Messages.Values.Select(m => m.Text));
        Assert.Contains("no id, body A", _h.Local["INBOX"].Messages.Values.Select(m => m.Text));
    }
}
