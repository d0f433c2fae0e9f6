using Imap.Sync;
using ImapSync.Cli.Configuration;
using ImapSync.Cli.Output;
using ImapSync.Cli.Wiring;

namespace ImapSync.Cli.Tests.Wiring;

public class SyncEventSinkTests
{
    private readonly StringWriter _log = new();
    private readonly SyncStatistics _stats = new();

    private SyncEventSink Sink(bool quiet = false) =>
        new(new Logger(LogPrefixTemplate.Default, _log, null, quiet, 0), _stats);

    [Fact]
    public void Events_are_logged_with_the_prefix_and_counted()
    {
        var sink = Sink();
        sink.Report(new SyncEvent(SyncEventKind.MessagesCopied, "Added 2 UID(s) 1:2", SyncSide.Remote, "INBOX", 2, 300));
        sink.Report(new SyncEvent(SyncEventKind.MessagesCopied, "Added 1 UID(s) 7", SyncSide.Local, "INBOX", 1, 50));
        sink.Report(new SyncEvent(SyncEventKind.FlagsUpdated, "Updated flags", SyncSide.Local, "INBOX", 4));
        sink.Report(new SyncEvent(SyncEventKind.MessagesExpunged, "Removed 3 UID(s)", SyncSide.Remote, "INBOX", 3));
        sink.Report(new SyncEvent(SyncEventKind.MailboxCreated, "Created mailbox Sent", SyncSide.Local, null));
        sink.Report(new SyncEvent(SyncEventKind.FlagConflict, "Conflicting flag update", null, "INBOX"));
        sink.Report(new SyncEvent(SyncEventKind.MailboxFinished, "Synchronized INBOX", null, "INBOX"));
        Assert.Equal((2, 300, 1, 50), (_stats.MessagesToRemote, _stats.BytesToRemote, _stats.MessagesToLocal, _stats.BytesToLocal));
        Assert.Equal((4, 3, 1, 1, 1), (_stats.FlagUpdates, _stats.Expunges, _stats.MailboxesCreated, _stats.Conflicts, _stats.MailboxesDone));
        var lines = _log.ToString().Split('\n', StringSplitOptions.RemoveEmptyEntries);
        Assert.Equal("remote(INBOX): Added 2 UID(s) 1:2", lines[0]);
        Assert.Equal("local: Created mailbox Sent", lines[4]);
        Assert.Equal("WARNING: Conflicting flag update", lines[5]);
        Assert.Equal(6, lines.Length); // MailboxFinished is a debug line
    }

    [Fact]
    public void Adoptions_and_summarized_conflicts_are_counted_by_their_count()
    {
        var sink = Sink();
        sink.Report(new SyncEvent(SyncEventKind.MessagesAdopted, "Adopted 51 message(s) present on both sides of INBOX", null, "INBOX", 51));
        sink.Report(new SyncEvent(SyncEventKind.FlagConflict, "Flags differed on 10 message(s)", null, "INBOX", 10));
        Assert.Equal((51, 10), (_stats.Adopted, _stats.Conflicts));
        Assert.Equal("Adopted 51 message(s) present on both sides of INBOX", _log.ToString().Split('\n')[0]);
        Assert.Contains("adopted (already on both sides, not copied): 51 message(s)", SummaryWriter.Text(_stats, TimeSpan.Zero), StringComparison.Ordinal);
        Assert.Contains("\"adopted\":51", SummaryWriter.Json(_stats, TimeSpan.Zero, 0, null), StringComparison.Ordinal);
    }

    [Fact]
    public void Replayed_moves_are_an_info_line_and_a_counter()
    {
        Sink().Report(new SyncEvent(SyncEventKind.MessagesMoved, "Moved 3 UID(s) 4:6 to work (moved on local by another client)", SyncSide.Remote, "INBOX", 3));
        Assert.Equal("remote(INBOX): Moved 3 UID(s) 4:6 to work (moved on local by another client)\n", _log.ToString());
        Assert.Equal(3, _stats.Moved);
        Assert.Contains("moved (as another client moved them on the other side, not copied): 3 message(s)", SummaryWriter.Text(_stats, TimeSpan.Zero), StringComparison.Ordinal);
        Assert.Contains("\"moved\":3", SummaryWriter.Json(_stats, TimeSpan.Zero, 0, null), StringComparison.Ordinal);
    }

    [Fact]
    public void A_UIDVALIDITY_recovery_is_a_warning_line_and_a_counter()
    {
        Sink().Report(new SyncEvent(SyncEventKind.UidValidityRecovered, "UIDVALIDITY changed (7 -> 9): re-paired", SyncSide.Remote, "Lists", 3));
        Assert.Equal("remote(Lists): WARNING: UIDVALIDITY changed (7 -> 9): re-paired\n", _log.ToString());
        Assert.Equal(1, _stats.UidValidityRecoveries);
        Assert.Contains("UIDVALIDITY changes recovered: 1 mailbox(es)", SummaryWriter.Text(_stats, TimeSpan.Zero), StringComparison.Ordinal);
        Assert.Contains("\"uidValidityRecovered\":1", SummaryWriter.Json(_stats, TimeSpan.Zero, 0, null), StringComparison.Ordinal);
    }

    [Fact]
    public void Engine_error_reports_become_error_lines()
    {
        Sink().Report(new SyncEvent(SyncEventKind.Warning, "ERROR: UIDVALIDITY changed", SyncSide.Local, "Lists"));
        Assert.Equal("local(Lists): ERROR: UIDVALIDITY changed\n", _log.ToString());
    }

    [Fact]
    public void Quiet_hides_informational_lines_not_warnings()
    {
        var sink = Sink(quiet: true);
        sink.Report(new SyncEvent(SyncEventKind.MessagesCopied, "Added", SyncSide.Remote, "INBOX", 1, 1));
        sink.Report(new SyncEvent(SyncEventKind.Warning, "careful", SyncSide.Remote, "INBOX"));
        Assert.Equal("remote(INBOX): WARNING: careful\n", _log.ToString());
        Assert.Equal(1, _stats.MessagesToRemote);
    }

    [Fact]
    public void Plans_set_the_totals_of_the_progress_line_without_printing()
    {
        var sink = Sink();
        sink.Report(new SyncEvent(SyncEventKind.Planned, "3 mailbox(es) to synchronize, 1 unchanged", Count: 3));
        sink.Report(new SyncEvent(SyncEventKind.CopyPlanned, "2 message(s) to copy to remote", SyncSide.Remote, "INBOX", 2, 700));
        sink.Report(new SyncEvent(SyncEventKind.CopyPlanned, "1 message(s) to copy to local", SyncSide.Local, "INBOX", 1, 90));
        Assert.Equal((3, 2, 700, 1, 90), (_stats.MailboxesTotal, _stats.MessagesPlannedToRemote, _stats.BytesPlannedToRemote, _stats.MessagesPlannedToLocal, _stats.BytesPlannedToLocal));
        Assert.Equal("", _log.ToString());
    }
}
