namespace ImapSync.Cli.Output;

/// <summary>
/// Log lines in InterIMAP's shape: <c>log-prefix</c> then the text; warnings as <c>WARNING: …</c>,
/// errors as <c>ERROR: …</c>. Informational lines go to standard error (and the log file);
/// <c>--quiet</c> hides them but never warnings or errors. Debug lines go to the log file when there
/// is one, otherwise to standard error. Safe to call from several threads. Every line is escaped with
/// <see cref="TerminalText"/> here, the one place all output passes, because mailbox names, response
/// text and trace lines come from the servers.
/// </summary>
internal sealed class Logger : IDisposable
{
    private readonly Configuration.LogPrefixTemplate _prefix;
    private readonly TextWriter _stderr;
    private readonly LogFileWriter? _file;
    private readonly Lock _lock = new();

    public Logger(Configuration.LogPrefixTemplate prefix, TextWriter stderr, LogFileWriter? file, bool quiet, int debugLevel)
    {
        _prefix = prefix;
        _stderr = stderr;
        _file = file;
        Quiet = quiet;
        DebugLevel = debugLevel;
    }

    public bool Quiet { get; }

    public int DebugLevel { get; }

    /// <summary>The live progress line, cleared before and redrawn after each log line.</summary>
    public ProgressDisplay? Progress { get; set; }

    public void Info(string? component, string? mailbox, string text)
    {
        if (!Quiet)
        {
            Write(Line(component, mailbox, text), toStderr: true);
        }
    }

    public void Warning(string? component, string? mailbox, string text) =>
        Write(Line(component, mailbox, "WARNING: " + text), toStderr: true);

    public void Error(string? component, string? mailbox, string text) =>
        Write(Line(component, mailbox, "ERROR: " + text), toStderr: true);

    public void Debug(string? component, string? mailbox, string text)
    {
        if (DebugLevel > 0)
        {
            Write(Line(component, mailbox, text), toStderr: _file is null);
        }
    }

    /// <summary>An unexpected exception at --debug: each message on its own escaped line, then its stack frames.</summary>
    public void Debug(Exception error)
    {
        for (var e = (Exception?)error; e is not null; e = e.InnerException)
        {
            Debug(null, null, (e == error ? "" : "caused by ") + e.GetType().FullName + ": " + e.Message);
            foreach (var frame in (e.StackTrace ?? "").Split('\n', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries))
            {
                Debug(null, null, "   " + frame);
            }
        }
    }

    public void Dispose() => _file?.Dispose();

    private string Line(string? component, string? mailbox, string text) => _prefix.Render(component, mailbox) + text;

    private void Write(string text, bool toStderr)
    {
        var line = TerminalText.Escape(text);
        lock (_lock)
        {
            _file?.WriteLine(line);
            if (toStderr)
            {
                Progress?.Clear();
                _stderr.WriteLine(line);
                Progress?.Redraw();
            }
        }
    }
}
