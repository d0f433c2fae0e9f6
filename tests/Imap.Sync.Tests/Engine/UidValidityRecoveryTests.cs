using Imap.Sync.Tests.Fakes;

namespace Imap.Sync.Tests.Engine;

/// <summary>
/// A mailbox recreated on a server under a new UIDVALIDITY is recovered in the same run: its messages
/// are re-paired with the other side's by Message-ID, size and date; what one side lacks is copied to
/// it; nothing is expunged; the flags of re-paired messages merge by union.
/// </summary>
public sealed class UidValidityRecoveryTests : IDisposable
{
    private const string A = "Message-ID: <a@x>\r\n\r\nalpha";
    private const string B = "Message-ID: <b@x>\r\n\r\nbravo";
    private const string C = "Message-ID: <c@x>\r\n\r\ncharlie";
    private const string D = "Message-ID: <d@x>\r\n\r\ndelta";
    private const string E = "Message-ID: <e@x>\r\n\r\necho, new after the change";

    private readonly SyncHarness _h = new();

    public void Dispose() => _h.Dispose();

    [Theory]
    [InlineData(SyncSide.Remote)]
    [InlineData(SyncSide.Local)]
    public async Task A_recreated_mailbox_is_re_paired_the_missing_message_copied_back_the_new_one_copied_over(SyncSide recreated)
    {
        _h.Local.Deliver("INBOX", A, "\\Seen");
        _h.Local.Deliver("INBOX", B);
        _h.Local.Deliver("INBOX", C, "$Label");
        _h.Remote.Deliver("INBOX", D, "\\Flagged");
        await _h.SyncAsync();
        await _h.SyncAsync();
        var (x, other) = recreated == SyncSide.Local ? (_h.Local, _h.Remote) : (_h.Remote, _h.Local);
        var oldValidity = x["INBOX"].UidValidity;

        // Recreated without B, then: A lost \Seen there (a rebuilt index), C got \Answered there, E arrived
        // there; meanwhile the other side added \Seen to D.
        var box = x.Recreate("INBOX", m => m.Text != B);
        box.SetFlags(x.UidOf("INBOX", A), []);
        box.SetFlags(x.UidOf("INBOX", C), ["$Label", "\\Answered"]);
        x.Deliver("INBOX", E);
        other["INBOX"].SetFlags(other.UidOf("INBOX", D), ["\\Flagged", "\\Seen"]);

        var summary = await _h.SyncAsync();

        Assert.Empty(summary.Errors);
        Assert.Equal(1, summary.UidValidityRecoveries);
        var warning = Assert.Single(_h.Events, e => e.Kind == SyncEventKind.UidValidityRecovered);
        Assert.Equal((recreated, "INBOX", 3), (warning.Side!.Value, warning.Mailbox!, warning.Count));
        Assert.Equal(
            $"UIDVALIDITY changed ({oldValidity} -> {box.UidValidity}): the stored UIDs of {recreated.Name()} are void. "
            + $"Re-paired 3 message(s) by Message-ID, size and date; 1 to copy back to {recreated.Name()}, 1 to copy over to {recreated.Other().Name()}. Nothing is expunged for this.",
            warning.Message);
        Assert.Equal(0, summary.Expunges);
        Assert.Equal((1, 1), recreated == SyncSide.Local ? (summary.MessagesCopiedToLocal, summary.MessagesCopiedToRemote) : (summary.MessagesCopiedToRemote, summary.MessagesCopiedToLocal));
        // A and C differed from the last agreed flags on the recreated side only: one line for both.
        Assert.Equal(2, Assert.Single(_h.Events, e => e.Kind == SyncEventKind.FlagConflict).Count);
        List<string> expected = [$"{A} [\\Seen]", $"{B} []", $"{C} [$Label \\Answered]", $"{D} [\\Flagged \\Seen]", $"{E} []"];
        Assert.Equal(expected, _h.Local.Snapshot("INBOX"));
        Assert.Equal(expected, _h.Remote.Snapshot("INBOX"));
        Assert.Equal(5, _h.WithState(s => s.GetMappings(s.GetMailboxes().Single().Id).Count));
        var states = _h.WithState(s => s.GetSideStates(s.GetMailboxes().Single().Id))!.Value;
        Assert.Equal(box.UidValidity, recreated == SyncSide.Local ? states.Local.UidValidity : states.Remote.UidValidity);

        // The new pairs carry a flag change and an expunge, both ways.
        x["INBOX"].SetFlags(x.UidOf("INBOX", E), ["\\Flagged"]);
        other["INBOX"].Expunge(other.UidOf("INBOX", C));
        var next = await _h.SyncAsync();
        Assert.Equal((1, 1, 0), (next.FlagUpdates, next.Expunges, next.UidValidityRecoveries));
        expected = [$"{A} [\\Seen]", $"{B} []", $"{D} [\\Flagged \\Seen]", $"{E} [\\Flagged]"];
        Assert.Equal(expected, _h.Local.Snapshot("INBOX"));
        Assert.Equal(expected, _h.Remote.Snapshot("INBOX"));

        var quiet = await _h.SyncAsync();
        Assert.Equal(0, quiet.MessagesCopiedToLocal + quiet.MessagesCopiedToRemote + quiet.FlagUpdates + quiet.Expunges + quiet.Warnings);
        Assert.Equal(expected, _h.Remote.Snapshot("INBOX"));
    }

    [Fact]
    public async Task The_same_messages_under_a_new_UIDVALIDITY_are_re_paired_and_other_mailboxes_go_on()
    {
        _h.Local.Deliver("INBOX", A, "\\Seen");
        _h.Local.Deliver("INBOX", B);
        _h.Remote.Deliver("INBOX", C);
        _h.Local.Deliver("other", D);
        await _h.SyncAsync();
        _h.Remote["INBOX"].UidValidity++; // as `doveadm mailbox update --uid-validity` does: same UIDs
        _h.Local.Deliver("other", E);

        var summary = await _h.SyncAsync();

        Assert.Empty(summary.Errors);
        Assert.Contains(_h.Events, e => e.Kind == SyncEventKind.UidValidityRecovered && e.Message.Contains("Re-paired 3 message(s)", StringComparison.Ordinal) && e.Message.Contains("0 to copy back to remote, 0 to copy over to local", StringComparison.Ordinal));
        Assert.Equal(0, summary.MessagesCopiedToLocal);
        Assert.Equal(1, summary.MessagesCopiedToRemote); // E, into "other"
        Assert.Equal(_h.Local.Snapshot("INBOX"), _h.Remote.Snapshot("INBOX"));
        Assert.Equal(3, _h.Remote["INBOX"].Messages.Count);
        Assert.Equal(2, _h.Remote["other"].Messages.Count);
    }

    [Fact]
    public async Task Both_sides_recreated_is_a_first_sync_again_and_adopts_instead_of_duplicating()
    {
        _h.Local.Deliver("INBOX", A, "\\Seen");
        _h.Local.Deliver("INBOX", B);
        _h.Remote.Deliver("INBOX", C, "\\Flagged");
        await _h.SyncAsync();
        _h.Local.Recreate("INBOX", _ => true);
        _h.Remote.Recreate("INBOX", m => m.Text != B);
        _h.Remote.Deliver("INBOX", D);

        var summary = await _h.SyncAsync();

        Assert.Empty(summary.Errors);
        var warning = Assert.Single(_h.Events, e => e.Kind == SyncEventKind.UidValidityRecovered);
        Assert.Null(warning.Side);
        Assert.Contains("the stored UIDs are void on both sides, so the mailbox is synchronized like a first sync", warning.Message, StringComparison.Ordinal);
        Assert.Equal(2, summary.MessagesAdopted);       // A and C
        Assert.Equal(1, summary.MessagesCopiedToRemote); // B, back
        Assert.Equal(1, summary.MessagesCopiedToLocal);  // D
        List<string> expected = [$"{A} [\\Seen]", $"{B} []", $"{C} [\\Flagged]", $"{D} []"];
        Assert.Equal(expected, _h.Local.Snapshot("INBOX"));
        Assert.Equal(expected, _h.Remote.Snapshot("INBOX"));
        var quiet = await _h.SyncAsync();
        Assert.Equal(0, quiet.MessagesCopiedToLocal + quiet.MessagesCopiedToRemote + quiet.FlagUpdates + quiet.Expunges + quiet.Warnings);
    }

    [Fact]
    public async Task Messages_without_Message_ID_are_never_re_paired_so_they_end_up_twice_on_each_side()
    {
        _h.Local.Deliver("INBOX", A);
        _h.Local.Deliver("INBOX", "no message-id here", "\\Seen");
        await _h.SyncAsync();
        _h.Remote.Recreate("INBOX", _ => true);

        var summary = await _h.SyncAsync();

        Assert.Empty(summary.Errors);
        Assert.Contains(_h.Events, e => e.Kind == SyncEventKind.UidValidityRecovered && e.Message.Contains("Re-paired 1 message(s) by Message-ID, size and date; 1 to copy back to remote, 1 to copy over to local. 2 of these have no Message-ID, are never re-paired, and may end up twice.", StringComparison.Ordinal));
        Assert.Equal(1, summary.Warnings); // that line only: the copies it announced are not reported again as doubtful
        List<string> expected = [$"{A} []", "no message-id here [\\Seen]", "no message-id here [\\Seen]"];
        Assert.Equal(expected, _h.Local.Snapshot("INBOX"));
        Assert.Equal(expected, _h.Remote.Snapshot("INBOX"));
        var quiet = await _h.SyncAsync();
        Assert.Equal(0, quiet.MessagesCopiedToLocal + quiet.MessagesCopiedToRemote + quiet.Warnings);
    }

    [Fact]
    public async Task A_repeated_message_is_paired_up_to_the_smaller_count_and_the_rest_copied_back()
    {
        _h.Local.Deliver("INBOX", A);
        _h.Local.Deliver("INBOX", A, "\\Seen");
        await _h.SyncAsync();
        var first = _h.Local["INBOX"].Messages.Keys.First();
        _h.Local.Recreate("INBOX", m => m.Uid == first);

        var summary = await _h.SyncAsync();

        Assert.Empty(summary.Errors);
        Assert.Equal(1, summary.MessagesCopiedToLocal);
        Assert.Equal(0, summary.MessagesCopiedToRemote);
        Assert.Equal(_h.Remote.Snapshot("INBOX"), _h.Local.Snapshot("INBOX"));
        Assert.Equal(2, _h.Local["INBOX"].Messages.Count);
    }

    [Theory]
    [InlineData(SyncSide.Local)]
    [InlineData(SyncSide.Remote)]
    public async Task A_copy_left_unmapped_by_a_killed_run_before_the_change_is_re_paired_not_duplicated(SyncSide newOn)
    {
        _h.Local.Deliver("INBOX", A);
        await _h.SyncAsync();
        // B is new on one side; the run dies after its APPEND landed on the other, before the mapping.
        (newOn == SyncSide.Local ? _h.Local : _h.Remote).Deliver("INBOX", B, "\\Seen");
        await Assert.ThrowsAsync<SimulatedKillException>(() => _h.RunAsync(e => e.SyncAsync(), null, new KillAtAppendReply()));
        Assert.Equal(1, _h.WithState(s => s.GetCopyIntents(s.GetMailboxes().Single().Id).Count));
        _h.Remote.Recreate("INBOX", _ => true);

        var summary = await _h.SyncAsync();

        Assert.Empty(summary.Errors);
        Assert.Contains(_h.Events, e => e.Kind == SyncEventKind.UidValidityRecovered && e.Message.Contains("Re-paired 2 message(s) by Message-ID, size and date; 0 to copy back to remote, 0 to copy over to local.", StringComparison.Ordinal));
        Assert.Equal(0, summary.MessagesCopiedToLocal + summary.MessagesCopiedToRemote);
        List<string> expected = [$"{A} []", $"{B} [\\Seen]"];
        Assert.Equal(expected, _h.Local.Snapshot("INBOX"));
        Assert.Equal(expected, _h.Remote.Snapshot("INBOX"));
        Assert.Equal(0, _h.WithState(s => s.GetCopyIntents(s.GetMailboxes().Single().Id).Count));
    }

    [Fact]
    public async Task A_UIDVALIDITY_that_changes_again_during_the_recovery_stops_the_mailbox_and_the_next_run_recovers()
    {
        _h.Local.Deliver("INBOX", A);
        _h.Local.Deliver("INBOX", B);
        await _h.SyncAsync();
        _h.Remote.Recreate("INBOX", _ => true);
        var again = new ChangeInjector(["UID FETCH FINGERPRINT"], () => _h.Remote.Recreate("INBOX", _ => true));

        var summary = await _h.RunAsync(e => e.SyncAsync(), null, again);

        Assert.True(again.Fired);
        var error = Assert.Single(summary.Errors);
        Assert.Equal(SyncSide.Remote, error.Side);
        Assert.Contains("UIDVALIDITY changed again", error.Message, StringComparison.Ordinal);
        var retry = await _h.SyncAsync();
        Assert.Empty(retry.Errors);
        Assert.Equal(1, retry.UidValidityRecoveries);
        Assert.Equal([$"{A} []", $"{B} []"], _h.Remote.Snapshot("INBOX"));
        Assert.Equal(_h.Local.Snapshot("INBOX"), _h.Remote.Snapshot("INBOX"));
    }
}
