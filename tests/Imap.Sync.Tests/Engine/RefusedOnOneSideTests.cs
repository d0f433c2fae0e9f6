using Imap.Sync.Ports;
using Imap.Sync.State;
using Imap.Sync.Tests.Fakes;

namespace Imap.Sync.Tests.Engine;

/// <summary>
/// A command refused on one side ends that mailbox's pass, and the same connections go on with the
/// next mailbox: what the pass had started on the other side must be over by then, or its later
/// commands (UID EXPUNGE after the STORE +\Deleted) run in the next mailbox selected, and the MODSEQs
/// its STOREs are answered with are taken for the next mailbox's (the fake runs a late operation in
/// whichever mailbox is selected then, which shows both).
/// </summary>
public sealed class RefusedOnOneSideTests : IDisposable
{
    private readonly SyncHarness _h = new();

    public void Dispose() => _h.Dispose();

    [Fact]
    public async Task An_expunge_refused_on_one_side_leaves_no_expunge_running_into_the_next_mailbox()
    {
        _h.Local.Deliver("A", "a1");
        _h.Local.Deliver("A", "a2");
        _h.Local.Deliver("B", "b1", "\\Deleted"); // marked deleted by its user, not expunged
        await _h.SyncAsync();
        Assert.Equal(1u, _h.Remote.UidOf("A", "a1"));
        Assert.Equal(1u, _h.Remote.UidOf("B", "b1"));

        _h.Local["A"].Expunge(_h.Local.UidOf("A", "a1"));   // to expunge on remote A (UID 1)
        _h.Remote["A"].Expunge(_h.Remote.UidOf("A", "a2")); // to expunge on local A: refused
        _h.Local.Deliver("B", "b2");                        // so that B is synchronized too

        var (events, late) = await SyncRefusedLocallyAsync("UID EXPUNGE");
        Assert.False(late);
        Assert.Contains(events, e => e.Message.StartsWith("ERROR: ", StringComparison.Ordinal) && e.Message.Contains("Permission denied", StringComparison.Ordinal));
        Assert.Contains("b1 [\\Deleted]", _h.Remote.Snapshot("B"));

        await _h.SyncAsync();
        Assert.Equal(["b1 [\\Deleted]", "b2 []"], _h.Local.Snapshot("B"));
        Assert.Equal(_h.Local.Snapshot("B"), _h.Remote.Snapshot("B"));
        Assert.Empty(_h.Local.Snapshot("A"));
        Assert.Empty(_h.Remote.Snapshot("A"));
    }

    [Fact]
    public async Task A_store_refused_on_one_side_leaves_no_store_running_into_the_next_mailbox()
    {
        _h.Local.Deliver("A", "a1");
        _h.Local.Deliver("A", "a2");
        _h.Local.Deliver("B", "b1");
        await _h.SyncAsync();

        _h.Local["A"].SetFlags(_h.Local.UidOf("A", "a1"), ["\\Seen"]);     // to store on remote A (UID 1)
        _h.Remote["A"].SetFlags(_h.Remote.UidOf("A", "a2"), ["\\Flagged"]); // to store on local A: refused
        _h.Local.Deliver("B", "b2");

        Assert.False((await SyncRefusedLocallyAsync("UID STORE")).Late);
        Assert.Contains("b1 []", _h.Remote.Snapshot("B"));
        await _h.SyncAsync();
        Assert.Equal(["b1 []", "b2 []"], _h.Local.Snapshot("B"));
        Assert.Equal(_h.Local.Snapshot("B"), _h.Remote.Snapshot("B"));
        Assert.Equal(["a1 [\\Seen]", "a2 [\\Flagged]"], _h.Local.Snapshot("A"));
        Assert.Equal(_h.Local.Snapshot("A"), _h.Remote.Snapshot("A"));
    }

    // Mailbox A is gone on local between the LIST and the SELECT; remote A's change reads (CONDSTORE:
    // SELECT, then FETCH CHANGEDSINCE) must not go on once remote B is selected, where their FETCH
    // replies would mix with B's own.
    [Fact]
    public async Task A_select_refused_on_one_side_leaves_no_read_running_into_the_next_mailbox()
    {
        _h.Local.Deliver("A", "a1");
        _h.Local.Deliver("B", "b1");
        await _h.SyncAsync();
        _h.Remote["A"].SetFlags(_h.Remote.UidOf("A", "a1"), ["\\Seen"]);
        _h.Local.Deliver("B", "b2");

        var condStoreOnly = FakeMailServer.AllFeatures with { QResync = false };
        var (events, late) = await SyncRefusedLocallyAsync("SELECT", "FETCH", condStoreOnly);
        Assert.False(late);
        Assert.Contains(events, e => e.Message.StartsWith("ERROR: ", StringComparison.Ordinal) && e.Message.Contains("Permission denied", StringComparison.Ordinal));
        Assert.Equal(_h.Local.Snapshot("B"), _h.Remote.Snapshot("B"));

        await _h.SyncAsync();
        Assert.Equal(["a1 [\\Seen]"], _h.Local.Snapshot("A"));
        Assert.Equal(["b1 []", "b2 []"], _h.Remote.Snapshot("B"));
    }

    // One sync where `refused` is refused on local, and remote runs `delayed` only once remote B is
    // selected if the engine has moved on by then (or after a second if it waits for it, as it must).
    // Late: the delayed operation (the first of its kind: A's) ran after remote B was selected.
    private async Task<(List<SyncEvent> Events, bool Late)> SyncRefusedLocallyAsync(string refused, string? delayed = null, ServerFeatures? remoteFeatures = null)
    {
        delayed ??= refused;
        var late = false;
        var delayedOnce = 0;
        var secondSelect = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        using var remoteGate = new SemaphoreSlim(1, 1);
        var local = new HookedMailServer(new FakeMailServer(_h.Local, FakeMailServer.AllFeatures), new RefusingHook(refused, 1, "NO [NOPERM] Permission denied"));
        var remote = new HookedMailServer(
            new FakeMailServer(_h.Remote, remoteFeatures ?? FakeMailServer.AllFeatures),
            new SelectCounter(secondSelect),
            remoteGate,
            async name =>
            {
                if (name == delayed && Interlocked.Exchange(ref delayedOnce, 1) == 0)
                {
                    await Task.WhenAny(secondSelect.Task, Task.Delay(TimeSpan.FromSeconds(1)));
                    late = secondSelect.Task.IsCompleted;
                }
            });
        var events = new List<SyncEvent>();
        using var state = SyncStateStore.Open(_h.DatabasePath);
        await new SyncEngine(state, local, remote, _h.Options, new InlineProgress(events)).SyncAsync();
        return (events, late);
    }

    private sealed class SelectCounter(TaskCompletionSource second) : IOperationHook
    {
        private int _selects;

        public void Before(string operation)
        {
        }

        public void After(string operation)
        {
            if (operation == "SELECT" && Interlocked.Increment(ref _selects) == 2)
            {
                second.TrySetResult();
            }
        }
    }

    private sealed class InlineProgress(List<SyncEvent> events) : IProgress<SyncEvent>
    {
        public void Report(SyncEvent value)
        {
            lock (events)
            {
                events.Add(value);
            }
        }
    }
}
