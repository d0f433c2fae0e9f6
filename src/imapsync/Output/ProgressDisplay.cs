using System.Globalization;

namespace ImapSync.Cli.Output;

/// <summary>
/// The live status line on a terminal: mailboxes done (of the total, when known), messages and bytes
/// each way, transfer rate and, with a known total, an estimate of the time left, redrawn in place a
/// few times a second. The engine announces the mailbox total after reconciling the lists and each
/// mailbox's copies (messages, bytes) as it reaches them; the line shows copied/announced. Only used when
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
        var rate = bytes / seconds;
        var line = string.Create(CultureInfo.InvariantCulture,
            $"mailboxes {s.MailboxesDone}{OfTotal(s.MailboxesTotal)}  local→remote {Direction(s.MessagesToRemote, s.MessagesPlannedToRemote, s.BytesToRemote, s.BytesPlannedToRemote)}  remote→local {Direction(s.MessagesToLocal, s.MessagesPlannedToLocal, s.BytesToLocal, s.BytesPlannedToLocal)}  {ByteSize.Format(rate)}/s");
        if (EstimateLeft(s, seconds, rate) is { } left)
        {
            line += string.Create(CultureInfo.InvariantCulture, $"  ETA {(int)left.TotalMinutes}:{left.Seconds:00}");
        }

        return line;
    }

    // "3/10 msg 1.00M/4.00M": copied so far, and what the mailboxes reached so far announced.
    private static string Direction(long messages, long plannedMessages, long bytes, long plannedBytes) => plannedMessages > 0
        ? string.Create(CultureInfo.InvariantCulture, $"{messages}/{plannedMessages} msg {ByteSize.Format(bytes)}/{ByteSize.Format(plannedBytes)}")
        : string.Create(CultureInfo.InvariantCulture, $"{messages} msg {ByteSize.Format(bytes)}");

    private static string OfTotal(long total) => total > 0 ? "/" + total.ToString(CultureInfo.InvariantCulture) : "";

    // The larger of two estimates: mailboxes left at the pace so far, and announced bytes left at the
    // current rate. Bytes are only announced as mailboxes are reached, so neither alone is enough.
    private static TimeSpan? EstimateLeft(SyncStatistics s, double seconds, double rate)
    {
        if (s.MailboxesTotal > 0 && s.MailboxesDone >= s.MailboxesTotal)
        {
            return null;
        }

        double? left = null;
        if (s.MailboxesDone > 0 && s.MailboxesTotal > s.MailboxesDone)
        {
            left = seconds * (s.MailboxesTotal - s.MailboxesDone) / s.MailboxesDone;
        }

        var bytesLeft = s.BytesPlannedToRemote + s.BytesPlannedToLocal - s.BytesToRemote - s.BytesToLocal;
        if (bytesLeft > 0 && rate > 0)
        {
            left = Math.Max(left ?? 0, bytesLeft / rate);
        }

        return left is { } l ? TimeSpan.FromSeconds(l) : null;
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
