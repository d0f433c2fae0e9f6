using System.Globalization;

namespace ImapSync.Cli.Output;

/// <summary>
/// The live status line on a terminal: mailboxes done (of the total, when known), messages and bytes
/// each way, transfer rate and, with a known total, an estimate of the time left, redrawn in place a
/// few times a second. (The engine does not report how many mailboxes it plans yet, so today the
/// total and the estimate are not shown.) Only used when
/// standard error is a terminal; otherwise the program prints plain log lines only.
/// </summary>
internal sealed class ProgressDisplay : IAsyncDisposable
{
    private readonly TextWriter _terminal;
    private readonly Func<SyncStatistics> _statistics;
    private readonly TimeProvider _clock;
    private readonly long _start;
    private readonly CancellationTokenSource _stop = new();
    private readonly Task _refresh;
    private readonly Lock _lock = new();
    private bool _drawn;

    public ProgressDisplay(TextWriter terminal, TimeProvider clock, Func<SyncStatistics> statistics)
    {
        _terminal = terminal;
        _statistics = statistics;
        _clock = clock;
        _start = clock.GetTimestamp();
        _refresh = RefreshAsync(_stop.Token);
    }

    /// <summary>The status text, without terminal control sequences.</summary>
    public static string Render(SyncStatistics s, TimeSpan elapsed)
    {
        var bytes = s.BytesToRemote + s.BytesToLocal;
        var seconds = Math.Max(elapsed.TotalSeconds, 0.001);
        var line = string.Create(CultureInfo.InvariantCulture,
            $"mailboxes {s.MailboxesDone}{(s.MailboxesTotal > 0 ? "/" + s.MailboxesTotal.ToString(CultureInfo.InvariantCulture) : "")}  local→remote {s.MessagesToRemote} msg {ByteSize.Format(s.BytesToRemote)}  remote→local {s.MessagesToLocal} msg {ByteSize.Format(s.BytesToLocal)}  {ByteSize.Format(bytes / seconds)}/s");
        if (s.MailboxesDone > 0 && s.MailboxesTotal > s.MailboxesDone)
        {
            var left = TimeSpan.FromSeconds(seconds * (s.MailboxesTotal - s.MailboxesDone) / s.MailboxesDone);
            line += string.Create(CultureInfo.InvariantCulture, $"  ETA {(int)left.TotalMinutes}:{left.Seconds:00}");
        }

        return line;
    }

    public void Clear()
    {
        lock (_lock)
        {
            if (_drawn)
            {
                _terminal.Write("\r\x1b[K");
                _drawn = false;
            }
        }
    }

    public void Redraw()
    {
        lock (_lock)
        {
            var text = Render(_statistics(), _clock.GetElapsedTime(_start));
            var width = Console.WindowWidth > 10 ? Console.WindowWidth - 1 : 120;
            _terminal.Write("\r\x1b[K" + (text.Length > width ? text[..width] : text));
            _terminal.Flush();
            _drawn = true;
        }
    }

    public async ValueTask DisposeAsync()
    {
        await _stop.CancelAsync();
        await _refresh;
        Clear();
        _stop.Dispose();
    }

    private async Task RefreshAsync(CancellationToken cancellationToken)
    {
        using var timer = new PeriodicTimer(TimeSpan.FromMilliseconds(250), _clock);
        try
        {
            while (await timer.WaitForNextTickAsync(cancellationToken))
            {
                Redraw();
            }
        }
        catch (OperationCanceledException)
        {
            // stopping
        }
    }
}
