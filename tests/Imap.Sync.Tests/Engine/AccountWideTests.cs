using Imap.Sync.Engine;
using Imap.Sync.Tests.Fakes;

namespace Imap.Sync.Tests.Engine;

/// <summary>
/// Every changed mailbox at once, each on its own lane of one connection per side: all of them read
/// their changes before any writes (the account-wide read barrier, and its hook), a mailbox that fails
/// does not hold the others back, and a hook that fails leaves everything unwritten.
/// </summary>
public sealed class AccountWideTests
{
    private static readonly string[] Boxes = ["INBOX", "a", "b", "c", "d"];
    private static readonly string[] Writes = ["UID STORE", "UID EXPUNGE", "APPEND"];

    [Fact]
    public async Task Every_mailbox_reads_its_changes_before_any_writes_and_the_hook_sees_them_all()
    {
        using var h = await SettledAsync();
        foreach (var box in Boxes)
        {
            var remote = h.Remote[box];
            remote.SetFlags(remote.Messages.Keys.First(), ["\\Flagged"]);
            h.Local[box].Expunge(h.Local[box].Messages.Keys.Last());
        }

        h.Local.Deliver("c", "Message-ID: <new@x>\r\n\r\nnew");
        IReadOnlyList<MailboxChanges>? seen = null;
        List<string>? writesBeforeHook = null;
        h.ChangesRead = (changes, _) =>
        {
            seen = changes;
            writesBeforeHook = [.. h.LastLocal!.Log.Concat(h.LastRemote!.Log).Where(Writes.Contains)];
            return Task.CompletedTask;
        };

        var summary = await h.SyncAsync();

        Assert.Empty(summary.Errors);
        Assert.Empty(writesBeforeHook!);
        Assert.Equal(Boxes.Length, seen!.Count);
        Assert.All(seen, c => Assert.Single(c.Remote.Changed));
        Assert.All(seen, c => Assert.Single(c.Local.Vanished));
        Assert.Equal(Boxes.Length, summary.FlagUpdates);
        Assert.Equal(Boxes.Length, summary.Expunges);
        Assert.Equal(1, summary.MessagesCopiedToRemote);
        h.AssertConverged();
    }

    [Fact]
    public async Task A_mailbox_refused_before_it_reads_does_not_hold_the_others_back()
    {
        using var h = await SettledAsync();
        foreach (var box in Boxes)
        {
            h.Remote.Deliver(box, $"Message-ID: <late-{box}@x>\r\n\r\nlate");
        }

        // The first SELECT of the run is refused: that mailbox leaves the barrier without reading.
        var summary = await h.RunAsync(e => e.SyncAsync(), null, new RefusingHook("SELECT QRESYNC", 1, "NO [UNAVAILABLE] try later"));

        var error = Assert.Single(summary.Errors);
        Assert.Contains("try later", error.Message, StringComparison.Ordinal);
        Assert.Equal(Boxes.Length - 1, summary.MessagesCopiedToLocal);
        var next = await h.SyncAsync();
        Assert.Empty(next.Errors);
        Assert.Equal(1, next.MessagesCopiedToLocal);
        h.AssertConverged();
    }

    [Fact]
    public async Task A_failing_hook_leaves_every_mailbox_unwritten_and_unrecorded()
    {
        using var h = await SettledAsync();
        AnswerFirstOnRemote(h);

        var before = h.WithState(s => s.GetMailboxes().Select(m => s.GetSideStates(m.Id)).ToList());
        h.ChangesRead = (_, _) => throw new InvalidOperationException("matcher failed");

        await Assert.ThrowsAsync<InvalidOperationException>(() => h.SyncAsync());

        Assert.DoesNotContain(h.LastLocal!.Log.Concat(h.LastRemote!.Log), Writes.Contains);
        Assert.Equal(before, h.WithState(s => s.GetMailboxes().Select(m => s.GetSideStates(m.Id)).ToList()));
        h.ChangesRead = null;
        Assert.Equal(Boxes.Length, (await h.SyncAsync()).FlagUpdates);
        h.AssertConverged();
    }

    [Fact]
    public async Task Without_lanes_each_mailbox_is_its_own_barrier_and_the_hook_sees_one_at_a_time()
    {
        using var h = await SettledAsync();
        h.Lanes = false;
        AnswerFirstOnRemote(h);

        var calls = new List<int>();
        h.ChangesRead = (changes, _) =>
        {
            calls.Add(changes.Count);
            return Task.CompletedTask;
        };

        Assert.Equal(Boxes.Length, (await h.SyncAsync()).FlagUpdates);
        Assert.Equal(Enumerable.Repeat(1, Boxes.Length), calls);
    }

    private static void AnswerFirstOnRemote(SyncHarness h)
    {
        foreach (var box in Boxes)
        {
            h.Remote[box].SetFlags(h.Remote[box].Messages.Keys.First(), ["\\Answered"]);
        }
    }

    private static async Task<SyncHarness> SettledAsync()
    {
        var h = new SyncHarness { Lanes = true };
        foreach (var box in Boxes)
        {
            for (var i = 0; i < 3; i++)
            {
                h.Remote.Deliver(box, $"Message-ID: <{box}{i}@x>\r\n\r\n{box} {i}");
            }
        }

        var first = await h.SyncAsync();
        Assert.Empty(first.Errors);
        Assert.Equal(Boxes.Length * 3, first.MessagesCopiedToLocal);
        return h;
    }
}
