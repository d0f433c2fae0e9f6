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
}
