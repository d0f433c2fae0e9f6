using ImapSync.Cli.Output;

namespace ImapSync.Cli.Tests.Running;

public class ProgressAndSummaryTests
{
    [Fact]
    public void Progress_line_shows_counts_rate_and_eta()
    {
        var s = new SyncStatistics();
        s.SetMailboxesTotal(4);
        s.MailboxDone();
        s.MessagesCopied(toRemote: true, 3, 3 * 1024 * 1024);
        s.MessagesCopied(toRemote: false, 2, 512);
        var line = ProgressDisplay.Render(s, TimeSpan.FromSeconds(10));
        Assert.Equal("mailboxes 1/4  local→remote 3 msg 3.00M  remote→local 2 msg 512  307.25K/s  ETA 0:30", line);
    }

    [Fact]
    public void Announced_copies_show_as_done_of_planned_and_drive_the_eta()
    {
        var s = new SyncStatistics();
        s.SetMailboxesTotal(2);
        s.CopyPlanned(toRemote: true, 10, 4 * 1024 * 1024);
        s.MessagesCopied(toRemote: true, 3, 1024 * 1024);
        var line = ProgressDisplay.Render(s, TimeSpan.FromSeconds(8));

        // 3 MiB left at 128 KiB/s: 24 s, though no mailbox is done yet.
        Assert.Equal("mailboxes 0/2  local→remote 3/10 msg 1.00M/4.00M  remote→local 0 msg 0  128.00K/s  ETA 0:24", line);
    }

    [Fact]
    public void Eta_is_the_larger_of_the_mailbox_and_byte_estimates()
    {
        var s = new SyncStatistics();
        s.SetMailboxesTotal(2);
        s.MailboxDone();
        s.CopyPlanned(toRemote: false, 2, 1536);
        s.MessagesCopied(toRemote: false, 1, 1024);

        // Mailboxes: 1 of 2 in 60 s, so 60 s more; bytes: 512 B left at 17 B/s, 30 s.
        Assert.EndsWith("ETA 1:00", ProgressDisplay.Render(s, TimeSpan.FromSeconds(60)), StringComparison.Ordinal);
        s.CopyPlanned(toRemote: false, 1, 1024 * 1024);
        Assert.Matches(@"ETA [1-9][0-9]+:\d\d$", ProgressDisplay.Render(s, TimeSpan.FromSeconds(60)));
    }

    [Fact]
    public void No_eta_once_every_mailbox_is_done()
    {
        var s = new SyncStatistics();
        s.SetMailboxesTotal(1);
        s.MailboxDone();
        s.CopyPlanned(toRemote: true, 2, 2048);
        s.MessagesCopied(toRemote: true, 1, 1024);
        Assert.DoesNotContain("ETA", ProgressDisplay.Render(s, TimeSpan.FromSeconds(5)), StringComparison.Ordinal);
    }

    [Fact]
    public void Unknown_total_shows_only_the_mailboxes_done()
    {
        var s = new SyncStatistics();
        s.MailboxDone();
        s.MailboxDone();
        var line = ProgressDisplay.Render(s, TimeSpan.FromSeconds(1));
        Assert.StartsWith("mailboxes 2  local→remote", line, StringComparison.Ordinal);
        Assert.DoesNotContain("ETA", line, StringComparison.Ordinal);
    }

    [Fact]
    public void No_eta_before_the_first_mailbox_is_done()
    {
        var s = new SyncStatistics();
        s.SetMailboxesTotal(4);
        Assert.DoesNotContain("ETA", ProgressDisplay.Render(s, TimeSpan.FromSeconds(1)), StringComparison.Ordinal);
    }

    [Theory]
    [InlineData(0, "0")]
    [InlineData(1023, "1023")]
    [InlineData(1024, "1.00K")]
    [InlineData(1536 * 1024, "1.50M")]
    [InlineData(3L * 1024 * 1024 * 1024, "3.00G")]
    public void Sizes_like_InterIMAP(long bytes, string text)
    {
        Assert.Equal(text, ByteSize.Format(bytes));
    }

    [Fact]
    public void Summary_text_lists_every_counter()
    {
        var s = new SyncStatistics();
        s.Expunged(2);
        s.FlagsUpdated(5);
        s.Conflict();
        var text = SummaryWriter.Text(s, TimeSpan.FromSeconds(1.25));
        Assert.Contains("flag updates: 5, expunges: 2, conflicts: 1", text, StringComparison.Ordinal);
        Assert.Contains("in 1.3 s", text, StringComparison.Ordinal);
    }

    [Fact]
    public void Summary_ends_with_each_servers_traffic_like_InterIMAP()
    {
        var s = new SyncStatistics();
        s.AddTraffic(new ServerTraffic(2048, 300, 2048, 300), new ServerTraffic(1024, 512, 4096, 1024));
        s.AddTraffic(new ServerTraffic(1024, 0, 1024, 0), ServerTraffic.None);
        var lines = SummaryWriter.Text(s, TimeSpan.FromSeconds(1)).Split('\n');
        Assert.Equal("  local: IMAP traffic (bytes): recv 3.00K sent 300", lines[^2]);
        Assert.Equal("  remote: IMAP traffic (bytes): recv 1.00K (compr. 4.00K, factor 0.25) sent 512 (compr. 1.00K, factor 0.50)", lines[^1]);
    }

    [Fact]
    public void Summary_has_no_traffic_lines_without_traffic()
    {
        Assert.DoesNotContain("IMAP traffic", SummaryWriter.Text(new SyncStatistics(), TimeSpan.Zero), StringComparison.Ordinal);
    }

    [Fact]
    public void Json_summary_has_wire_and_plain_traffic_per_server()
    {
        var s = new SyncStatistics();
        s.AddTraffic(new ServerTraffic(10, 20, 10, 20), new ServerTraffic(100, 200, 400, 800));
        using var json = System.Text.Json.JsonDocument.Parse(SummaryWriter.Json(s, TimeSpan.Zero, 0, null));
        var remote = json.RootElement.GetProperty("traffic").GetProperty("remote");
        Assert.Equal(100, remote.GetProperty("received").GetInt64());
        Assert.Equal(800, remote.GetProperty("plainSent").GetInt64());
        Assert.True(remote.GetProperty("compressed").GetBoolean());
        Assert.False(json.RootElement.GetProperty("traffic").GetProperty("local").GetProperty("compressed").GetBoolean());
    }

    [Fact]
    public void Watch_totals_add_up_each_runs_traffic()
    {
        var total = new SyncStatistics();
        var run = new SyncStatistics();
        run.AddTraffic(new ServerTraffic(1, 2, 1, 2), new ServerTraffic(3, 4, 3, 4));
        total.Add(run);
        total.Add(run);
        Assert.Equal(new ServerTraffic(2, 4, 2, 4), total.LocalTraffic);
        Assert.Equal(new ServerTraffic(6, 8, 6, 8), total.RemoteTraffic);
    }
}
