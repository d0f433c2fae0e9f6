using System.Globalization;
using System.Text;

namespace ImapSync.Cli.Output;

/// <summary>
/// The <c>logfile</c>: opened for appending, created with mode 0600, one line per message preceded
/// by a timestamp such as <c>Nov 26 16:02:08.123456</c>, flushed after each line.
/// </summary>
internal sealed class LogFileWriter : IDisposable
{
    private readonly StreamWriter _writer;
    private readonly TimeProvider _clock;

    private LogFileWriter(StreamWriter writer, TimeProvider clock)
    {
        _writer = writer;
        _clock = clock;
    }

    public static LogFileWriter Open(string path, TimeProvider clock)
    {
        var stream = new FileStream(path, new FileStreamOptions
        {
            Mode = FileMode.Append,
            Access = FileAccess.Write,
            Share = FileShare.ReadWrite,
            UnixCreateMode = UnixFileMode.UserRead | UnixFileMode.UserWrite,
        });
        return new LogFileWriter(new StreamWriter(stream, new UTF8Encoding(false)) { AutoFlush = true, NewLine = "\n" }, clock);
    }

    public void WriteLine(string line)
    {
        var now = _clock.GetLocalNow();
        var stamp = now.ToString("MMM d HH:mm:ss.ffffff", CultureInfo.InvariantCulture);
        _writer.WriteLine(stamp + " " + line);
    }

    public void Dispose() => _writer.Dispose();
}
