using Imap.Sync.Ports;
using Imap.Sync.Tests.Fakes;

namespace Imap.Sync.Tests.Engine;

/// <summary>
/// A remote that advertises UIDPLUS but whose APPEND replies cannot be trusted: no APPENDUID, the wrong
/// number of UIDs for a MULTIAPPEND, UIDs that belong to other messages, or another UIDVALIDITY. No
/// mapping may pair two different messages (a later expunge would delete the wrong one, and the
/// unmapped copy would come back as a duplicate), and once the server behaves the sides converge with
/// every message once.
/// </summary>
public sealed class UntrustworthyAppendUidTests : IDisposable
{
    private readonly SyncHarness _h = new() { Options = new SyncOptions { AppendBatchMaxMessages = 3 } };

    public UntrustworthyAppendUidTests()
    {
        _h.Remote.Deliver("INBOX", Msg("r1"));
        _h.Remote.Deliver("INBOX", Msg("r2"), "\\Seen");
        foreach (var id in new[] { "l1", "l2", "l3", "l4", "l5" })
        {
            _h.Local.Deliver("INBOX", Msg(id));
        }

        _h.Local.Deliver("INBOX", "no id, body A");
    }

    public void Dispose() => _h.Dispose();

    public static TheoryData<string> Lies => ["missing", "fewer", "more", "duplicated", "taken"];

    // Found by search, a copy's pair still records the flags it was appended with: left unknown, the
    // target's next report (its flags, less what it cannot store) would be taken for a change and
    // overwrite the source's.
    [Fact]
    public async Task Copies_found_by_search_keep_a_keyword_the_target_cannot_store_on_the_source()
    {
        _h.Remote["INBOX"].PermanentFlags = ["\\Seen", "\\Answered", "\\Flagged", "\\Deleted", "\\Draft"];
        _h.Local.Deliver("INBOX", Msg("kw"), "$Private", "\\Seen");
        _h.RemoteAppendReply = _ => new AppendedUids(null, null);
        var summary = await _h.SyncAsync();
        Assert.Empty(summary.Errors);
        Assert.Equal(["\\Seen"], _h.Remote["INBOX"].Messages[_h.Remote.UidOf("INBOX", Msg("kw"))].Flags);

        _h.RemoteAppendReply = null;
        await _h.SyncAsync();
        await _h.SyncAsync();
        Assert.Equal(["$Private", "\\Seen"], _h.Local["INBOX"].Messages[_h.Local.UidOf("INBOX", Msg("kw"))].Flags);
        Assert.Equal(["\\Seen"], _h.Remote["INBOX"].Messages[_h.Remote.UidOf("INBOX", Msg("kw"))].Flags);
    }

    [Theory]
    [MemberData(nameof(Lies))]
    public async Task A_wrong_or_missing_APPENDUID_is_replaced_by_a_search_and_never_maps_the_wrong_message(string lie)
    {
        _h.RemoteAppendReply = lie switch
        {
            "missing" => _ => new AppendedUids(null, null),
            "fewer" => r => r with { Uids = [.. r.Uids!.SkipLast(1)] },
            "more" => r => r with { Uids = [.. r.Uids!, r.Uids![^1] + 1] },
            "duplicated" => r => r with { Uids = [.. r.Uids!.Select(_ => r.Uids![0])] },
            _ => r => r with { Uids = [.. r.Uids!.Select(u => u - 2)] }, // UIDs of messages already there
        };

        var summary = await _h.SyncAsync();

        Assert.Empty(summary.Errors);
        Assert.Equal(6, summary.MessagesCopiedToRemote);
        var warning = Assert.Single(_h.Events, e => e.Kind == SyncEventKind.Warning);
        Assert.Contains("APPENDUID", warning.Message, StringComparison.Ordinal);
        Assert.Equal(SyncSide.Remote, warning.Side);
        AssertEveryMappingPairsTheSameMessage();

        // The server behaves again: nothing is copied twice, and an expunge deletes the right message.
        _h.RemoteAppendReply = null;
        await _h.SyncAsync();
        Assert.Equal(8, _h.Remote["INBOX"].Messages.Count);
        Assert.Equal(_h.Local.Snapshot("INBOX"), _h.Remote.Snapshot("INBOX"));
        _h.Remote["INBOX"].Expunge(_h.Remote.UidOf("INBOX", Msg("l2")));
        await _h.SyncAsync();
        Assert.DoesNotContain(Msg("l2"), _h.Local["INBOX"].Messages.Values.Select(m => m.Text));
        Assert.Equal(7, _h.Local["INBOX"].Messages.Count);
        Assert.Equal(_h.Local.Snapshot("INBOX"), _h.Remote.Snapshot("INBOX"));
    }

    // Batches are appended two at a time once an APPENDUID was trusted. When a later reply is refused, the
    // batch sent after it is on the target too: both are looked for together, or the look-alikes without
    // a Message-ID (one in each batch) would not be told apart and the copy would stop.
    [Fact]
    public async Task An_APPENDUID_refused_while_the_next_batch_is_in_flight_is_resolved_with_that_batch()
    {
        foreach (var id in new[] { "m1", "m2" })
        {
            _h.Local.Deliver("INBOX", Msg(id));
        }

        _h.Local.Deliver("INBOX", "no id, body B");
        _h.Local.Deliver("INBOX", "no id, body B");
        foreach (var id in new[] { "m5", "m6" })
        {
            _h.Local.Deliver("INBOX", Msg(id));
        }

        var appends = 0;
        _h.RemoteAppendReply = r => ++appends >= 3 ? new AppendedUids(null, null) : r;

        var summary = await _h.SyncAsync();

        Assert.Empty(summary.Errors);
        Assert.Equal(4, appends);
        Assert.Equal(12, summary.MessagesCopiedToRemote);
        Assert.Single(_h.Events, e => e.Kind == SyncEventKind.Warning && e.Message.Contains("APPENDUID", StringComparison.Ordinal));
        AssertEveryMappingPairsTheSameMessage();
        Assert.Equal(LocalOnesInUidOrder(_h.Local), LocalOnesInUidOrder(_h.Remote)); // the target's order is the source's

        _h.RemoteAppendReply = null;
        await _h.SyncAsync();
        Assert.Equal(14, _h.Remote["INBOX"].Messages.Count);
        Assert.Equal(_h.Local.Snapshot("INBOX"), _h.Remote.Snapshot("INBOX"));
    }

    [Fact]
    public async Task An_APPENDUID_with_another_UIDVALIDITY_stops_the_mailbox_with_an_error_that_says_so_and_the_next_run_converges()
    {
        _h.RemoteAppendReply = r => r with { UidValidity = r.UidValidity + 1000 };
        var validity = _h.Remote["INBOX"].UidValidity;

        var summary = await _h.SyncAsync();

        var error = Assert.Single(summary.Errors);
        Assert.Equal(SyncSide.Remote, error.Side);
        Assert.Contains($"APPENDUID gives UIDVALIDITY {validity + 1000} but INBOX was selected with UIDVALIDITY {validity}", error.Message, StringComparison.Ordinal);
        AssertEveryMappingPairsTheSameMessage();

        // The first batch landed but is not mapped: the next clean run finds it instead of copying it again.
        _h.RemoteAppendReply = null;
        _h.Events.Clear();
        var retry = await _h.SyncAsync();
        Assert.Empty(retry.Errors);
        Assert.Contains(_h.Events, e => e.Message.Contains("already on remote mapped, not copied again", StringComparison.Ordinal));
        await _h.SyncAsync();
        Assert.Equal(8, _h.Remote["INBOX"].Messages.Count);
        Assert.Equal(_h.Local.Snapshot("INBOX"), _h.Remote.Snapshot("INBOX"));
        AssertEveryMappingPairsTheSameMessage();
    }

    private void AssertEveryMappingPairsTheSameMessage()
    {
        var pairs = _h.WithState(s => s.GetMappings(s.FindMailbox("INBOX")!.Id));
        foreach (var pair in pairs)
        {
            Assert.Equal(_h.Local["INBOX"].Messages[pair.LocalUid].Text, _h.Remote["INBOX"].Messages[pair.RemoteUid].Text);
        }

        Assert.Equal(pairs.Count, pairs.Select(p => p.RemoteUid).Distinct().Count());
    }

    private static IEnumerable<string> LocalOnesInUidOrder(FakeServer server) =>
        server["INBOX"].Messages.Values.OrderBy(m => m.Uid).Select(m => m.Text).Where(t => !t.Contains("<r", StringComparison.Ordinal));

    private static string Msg(string id) => $"Message-ID: <{id}@x>\r\n\r\n{id}";
}
