using ImapSync.Cli.Configuration;
using ImapSync.Cli.Output;

namespace ImapSync.Cli.Tests.Running;

public class ProgressLogTests
{
    private readonly StringWriter _log = new();
    private SyncStatistics _statistics = new();

    private ProgressLog Create(bool quiet = false) => new(
        new Logger(LogPrefixTemplate.Default, _log, null, quiet, 0), TimeProvider.System, () => _statistics, TimeSpan.Zero);

    [Fact]
    public async Task Logs_a_plain_line_only_when_the_counters_moved()
    {
        await using var progress = Create();
        _statistics.SetMailboxesTotal(3);

        Assert.False(progress.Tick()); // nothing done yet: an idle watch loop stays silent
        _statistics.MailboxDone();
        _statistics.MessagesCopied(toRemote: true, 2, 2048);
        Assert.True(progress.Tick());
        Assert.False(progress.Tick());
        _statistics.FlagsUpdated();
        Assert.True(progress.Tick());

        var lines = _log.ToString().Split('\n', StringSplitOptions.RemoveEmptyEntries);
        Assert.Equal(2, lines.Length);
        Assert.StartsWith("progress: mailboxes 1/3  local→remote 2 msg 2.00K", lines[0], StringComparison.Ordinal);
        Assert.DoesNotContain('\x1b', _log.ToString());
        Assert.DoesNotContain('\r', _log.ToString());
    }

    [Fact]
    public async Task A_new_pass_with_zero_counters_is_not_reported()
    {
        await using var progress = Create();
        _statistics.MailboxDone();
        Assert.True(progress.Tick());
        _statistics = new SyncStatistics();
        Assert.False(progress.Tick());
        _statistics.MailboxDone();
        Assert.True(progress.Tick());
    }

    [Fact]
    public async Task Quiet_hides_progress_lines()
    {
        await using var progress = Create(quiet: true);
        _statistics.MailboxDone();
        progress.Tick();
        Assert.Equal("", _log.ToString());
    }
}
