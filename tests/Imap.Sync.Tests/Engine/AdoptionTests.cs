using Imap.Sync.Engine;
using Imap.Sync.Ports;
using Imap.Sync.Tests.Fakes;

namespace Imap.Sync.Tests.Engine;

/// <summary>
/// A first sync of a mailbox already populated on both sides pairs the messages present on both
/// (same Message-ID, size and internal date) instead of copying them both ways.
/// </summary>
public sealed class AdoptionTests : IDisposable
{
    private static readonly DateTimeOffset Date = new(2023, 4, 5, 6, 7, 8, TimeSpan.Zero);

    private readonly SyncHarness _h = new();

    public void Dispose() => _h.Dispose();

    [Fact]
    public async Task First_sync_adopts_shared_messages_copies_the_rest_and_merges_flags_once()
    {
        for (var i = 0; i < 3; i++)
        {
            _h.Local.Deliver("INBOX", Mid($"s{i}"), i == 0 ? ["\\Seen"] : []);
            _h.Remote.Deliver("INBOX", Mid($"s{i}"), i == 0 ? ["\\Flagged"] : i == 1 ? ["$Label"] : []);
        }

        _h.Local.Deliver("INBOX", Mid("twice"));
        _h.Local.Deliver("INBOX", Mid("twice"));
        _h.Remote.Deliver("INBOX", Mid("twice"), "\\Seen");
        _h.Local.Deliver("INBOX", Mid("local only"));
        _h.Remote.Deliver("INBOX", Mid("remote only"));
        _h.Local.Deliver("INBOX", "no message-id");
        _h.Remote.Deliver("INBOX", "no message-id");

        var summary = await _h.SyncAsync();

        Assert.Equal(4, summary.MessagesAdopted);
        Assert.Equal(3, summary.MessagesCopiedToRemote); // the second "twice", "local only", "no message-id"
        Assert.Equal(2, summary.MessagesCopiedToLocal);  // "remote only", "no message-id"
        var adopted = Assert.Single(_h.Events, e => e.Kind == SyncEventKind.MessagesAdopted);
        Assert.Equal("Adopted 4 message(s) present on both sides of INBOX", adopted.Message);
        Assert.Equal("INBOX", adopted.Mailbox);
        // s0 (\Seen | \Flagged), s1 ([] | $Label) and twice ([] | \Seen) differ: one line, not three.
        var conflict = Assert.Single(_h.Events, e => e.Kind == SyncEventKind.FlagConflict);
        Assert.Equal(3, conflict.Count);
        Assert.StartsWith("Flags differed on 3 message(s)", conflict.Message, StringComparison.Ordinal);
        Assert.Equal(3, summary.Conflicts);

        Assert.Equal(_h.Local.Snapshot("INBOX"), _h.Remote.Snapshot("INBOX"));
        Assert.Equal(
            Sorted([Mid("local only") + " []", Mid("remote only") + " []", Mid("s0") + " [\\Flagged \\Seen]", Mid("s1") + " [$Label]", Mid("s2") + " []",
                Mid("twice") + " [\\Seen]", Mid("twice") + " []", "no message-id []", "no message-id []"]),
            _h.Local.Snapshot("INBOX"));
        Assert.Equal(9, _h.WithState(s => s.GetMappings(s.FindMailbox("INBOX")!.Id).Count));

        var quiet = await _h.SyncAsync();
        Assert.Equal(0, quiet.MessagesCopiedToLocal + quiet.MessagesCopiedToRemote + quiet.FlagUpdates + quiet.Expunges + quiet.MessagesAdopted);

        // The pairs are the right ones: a flag change and an expunge reach the paired message.
        _h.Remote["INBOX"].SetFlags(_h.Remote.UidOf("INBOX", Mid("s2")), ["\\Answered"]);
        _h.Local["INBOX"].Expunge(_h.Local.UidOf("INBOX", Mid("s1")));
        await _h.SyncAsync();
        Assert.Equal(_h.Local.Snapshot("INBOX"), _h.Remote.Snapshot("INBOX"));
        Assert.Contains(Mid("s2") + " [\\Answered]", _h.Local.Snapshot("INBOX"));
        Assert.DoesNotContain(_h.Remote.Snapshot("INBOX"), m => m.StartsWith(Mid("s1"), StringComparison.Ordinal));
        Assert.Equal(8, _h.Remote["INBOX"].Messages.Count);
    }

    [Fact]
    public async Task Killed_between_adoption_and_flag_merge_the_next_run_merges_the_flags_in_one_report()
    {
        for (var i = 0; i < 3; i++)
        {
            _h.Local.Deliver("INBOX", Mid($"s{i}"), "\\Seen");
            _h.Remote.Deliver("INBOX", Mid($"s{i}"), "\\Flagged");
        }

        await Assert.ThrowsAsync<SimulatedKillException>(() => _h.RunAsync(e => e.SyncAsync(), null, new KillBefore("UID STORE")));
        Assert.Equal(3, _h.WithState(s => s.GetMappings(s.FindMailbox("INBOX")!.Id).Count)); // adopted, flags not merged yet
        Assert.Equal(["\\Seen"], _h.Local["INBOX"].Messages.Values.SelectMany(m => m.Flags).Distinct());
        _h.Events.Clear();

        var summary = await _h.SyncAsync();

        Assert.Equal(0, summary.MessagesAdopted + summary.MessagesCopiedToLocal + summary.MessagesCopiedToRemote);
        Assert.Equal(3, Assert.Single(_h.Events, e => e.Kind == SyncEventKind.FlagConflict).Count);
        Assert.All(_h.Local.Snapshot("INBOX"), m => Assert.EndsWith("[\\Flagged \\Seen]", m, StringComparison.Ordinal));
        Assert.Equal(_h.Local.Snapshot("INBOX"), _h.Remote.Snapshot("INBOX"));
    }

    [Fact]
    public async Task Same_message_id_with_another_size_or_internal_date_is_copied_not_adopted()
    {
        _h.Local["INBOX"].Add(Bytes(Mid("date")), [], Date);
        _h.Remote["INBOX"].Add(Bytes(Mid("date")), [], Date.AddSeconds(1));
        _h.Local.Deliver("INBOX", Mid("size"));
        _h.Remote.Deliver("INBOX", Mid("size") + "!");
        _h.Local["INBOX"].Add(Bytes(Mid("zone")), [], Date);
        _h.Remote["INBOX"].Add(Bytes(Mid("zone")), [], Date.ToOffset(TimeSpan.FromHours(2))); // the same instant

        var summary = await _h.SyncAsync();

        Assert.Equal(1, summary.MessagesAdopted);
        Assert.Equal(2, summary.MessagesCopiedToLocal);
        Assert.Equal(2, summary.MessagesCopiedToRemote);
        Assert.Equal(5, _h.Local["INBOX"].Messages.Count);
        Assert.Equal(_h.Local.Snapshot("INBOX"), _h.Remote.Snapshot("INBOX"));
    }

    [Fact]
    public async Task After_the_first_sync_messages_new_on_both_sides_are_copied_not_adopted()
    {
        _h.Local.Deliver("INBOX", Mid("a"));
        _h.Remote.Deliver("INBOX", Mid("b"));
        await _h.SyncAsync();

        // The same message delivered to both servers later is new mail on each side, as InterIMAP has it.
        _h.Local.Deliver("INBOX", Mid("later"));
        _h.Remote.Deliver("INBOX", Mid("later"));
        var summary = await _h.SyncAsync();

        Assert.Equal(0, summary.MessagesAdopted);
        Assert.Equal(1, summary.MessagesCopiedToLocal);
        Assert.Equal(1, summary.MessagesCopiedToRemote);
        Assert.Equal(2, _h.Local.Snapshot("INBOX").Count(m => m.StartsWith(Mid("later"), StringComparison.Ordinal)));
    }

    [Fact]
    public async Task Fingerprints_of_a_large_mailbox_are_fetched_in_batches()
    {
        const int count = (2 * FingerprintBatches.BatchSize) + 10;
        for (var i = 0; i < count; i++)
        {
            _h.Local.Deliver("INBOX", Mid($"m{i}"));
            _h.Remote.Deliver("INBOX", Mid($"m{i}"));
        }

        var summary = await _h.SyncAsync();

        Assert.Equal(count, summary.MessagesAdopted);
        Assert.Equal(0, summary.MessagesCopiedToLocal + summary.MessagesCopiedToRemote);
        Assert.Equal(3, _h.LastLocal!.Log.Count(op => op == "UID FETCH FINGERPRINT"));
        Assert.Equal(3, _h.LastRemote!.Log.Count(op => op == "UID FETCH FINGERPRINT"));
    }

    [Fact]
    public void Repeated_fingerprints_pair_in_uid_order_up_to_the_smaller_count()
    {
        MessageFingerprint Print(uint uid, string? id, long size = 10, DateTimeOffset? date = null) => new(uid, size, date ?? Date, id);

        var pairs = AdoptionMatcher.Match(
            [Print(5, "<x>"), Print(2, "<x>"), Print(3, "<x>"), Print(4, null), Print(6, "<y>", size: -1), Print(7, "<z>")],
            [Print(9, "<x>"), Print(4, "<x>"), Print(1, null), Print(2, "<y>", size: -1), Print(3, "<z>", date: Date.AddDays(1))]);

        Assert.Equal([(2u, 4u), (3u, 9u)], pairs.Select(p => (p.LocalUid, p.RemoteUid)));
        Assert.All(pairs, p => Assert.Null(p.LocalFlags));
    }

    private sealed class KillBefore(string operation) : IOperationHook
    {
        public void Before(string name)
        {
            if (name == operation)
            {
                throw new SimulatedKillException("killed before " + name);
            }
        }

        public void After(string name)
        {
        }
    }

    private static string Mid(string name) => $"Message-ID: <{name.Replace(' ', '-')}@x>\r\n\r\n{name}";

    private static byte[] Bytes(string text) => System.Text.Encoding.ASCII.GetBytes(text);

    private static List<string> Sorted(IEnumerable<string> lines) => [.. lines.Order(StringComparer.Ordinal)];
}
