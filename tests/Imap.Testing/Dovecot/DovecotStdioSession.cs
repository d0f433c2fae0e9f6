using System.Diagnostics;
using System.Globalization;
using System.Text;

namespace Imap.Testing.Dovecot;

/// <summary>
/// A minimal pre-authenticated IMAP session over the stdio imap process, used to seed and read mail
/// where doveadm cannot (APPEND with flags and INTERNALDATE, exact message bytes). It understands just
/// enough IMAP for that: lines, and literals announced at the end of a line.
/// </summary>
internal sealed class DovecotStdioSession : IAsyncDisposable
{
    private readonly Process _process;
    private readonly Stream _input;
    private readonly Stream _output;
    private readonly Task _stderrCopy;
    private readonly byte[] _buffer = new byte[64 * 1024];
    private int _start;
    private int _end;
    private int _nextTag = 1;

    private DovecotStdioSession(Process process, string logPath)
    {
        _process = process;
        _input = process.StandardInput.BaseStream;
        _output = process.StandardOutput.BaseStream;
        _stderrCopy = CopyStderrAsync(process, logPath);
    }

    public static async Task<DovecotStdioSession> OpenAsync(IReadOnlyList<string> argv, string logPath, CancellationToken cancellationToken)
    {
        var startInfo = new ProcessStartInfo(argv[0])
        {
            RedirectStandardInput = true,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
            WorkingDirectory = "/",
        };
        foreach (var argument in argv.Skip(1))
        {
            startInfo.ArgumentList.Add(argument);
        }

        var session = new DovecotStdioSession(
            Process.Start(startInfo) ?? throw new InvalidOperationException("could not start the stdio imap process"), logPath);
        try
        {
            var greeting = await session.ReadResponseAsync(cancellationToken);
            if (!greeting.Line.StartsWith("* PREAUTH", StringComparison.Ordinal))
            {
                throw new InvalidOperationException($"unexpected stdio greeting: {greeting.Line}");
            }

            return session;
        }
        catch
        {
            await session.DisposeAsync();
            throw;
        }
    }

    /// <summary>APPEND with a synchronizing literal; returns the UID from APPENDUID.</summary>
    public async Task<uint> AppendAsync(string mailbox, SeedMessage message, CancellationToken cancellationToken)
    {
        var tag = NextTag();
        var command = new StringBuilder($"{tag} APPEND {Quote(ModifiedUtf7.Encode(mailbox))}");
        if (message.Flags.Count > 0)
        {
            command.Append(" (").AppendJoin(' ', message.Flags).Append(')');
        }

        if (message.InternalDate is { } date)
        {
            command.Append(" \"").Append(FormatDate(date)).Append('"');
        }

        command.Append(CultureInfo.InvariantCulture, $" {{{message.Content.Length}}}\r\n");
        await WriteAsync(command.ToString(), cancellationToken);
        var reply = await ReadResponseAsync(cancellationToken);
        if (!reply.Line.StartsWith('+'))
        {
            throw new InvalidOperationException($"APPEND to {mailbox} refused: {reply.Line}");
        }

        await _input.WriteAsync(message.Content, cancellationToken);
        await WriteAsync("\r\n", cancellationToken);
        var done = await ReadUntilTaggedAsync(tag, cancellationToken);
        const string code = "[APPENDUID ";
        var at = done.Line.IndexOf(code, StringComparison.Ordinal);
        if (at < 0)
        {
            throw new InvalidOperationException($"APPEND gave no APPENDUID: {done.Line}");
        }

        var fields = done.Line[(at + code.Length)..].Split(' ', ']');
        return uint.Parse(fields[1], CultureInfo.InvariantCulture);
    }

    /// <summary>Runs one command whose arguments are plain text; returns every response, the tagged one last.</summary>
    public async Task<IReadOnlyList<ImapLine>> CommandAsync(string commandText, CancellationToken cancellationToken)
    {
        var tag = NextTag();
        await WriteAsync($"{tag} {commandText}\r\n", cancellationToken);
        var responses = new List<ImapLine>();
        while (true)
        {
            var response = await ReadResponseAsync(cancellationToken);
            responses.Add(response);
            if (response.Line.StartsWith(tag + " ", StringComparison.Ordinal))
            {
                return response.Line.StartsWith(tag + " OK", StringComparison.Ordinal)
                    ? responses
                    : throw new InvalidOperationException($"'{commandText}' failed: {response.Line}");
            }
        }
    }

    public static string Quote(string text) =>
        "\"" + text.Replace("\\", "\\\\", StringComparison.Ordinal).Replace("\"", "\\\"", StringComparison.Ordinal) + "\"";

    public static string FormatDate(DateTimeOffset date) =>
        date.ToString("dd-MMM-yyyy HH:mm:ss ", CultureInfo.InvariantCulture)
        + (date.Offset < TimeSpan.Zero ? "-" : "+")
        + date.Offset.Duration().ToString("hhmm", CultureInfo.InvariantCulture);

    public async ValueTask DisposeAsync()
    {
        try
        {
            if (!_process.HasExited)
            {
                await WriteAsync($"{NextTag()} LOGOUT\r\n", CancellationToken.None);
                _input.Close();
                using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(5));
                await _process.WaitForExitAsync(timeout.Token);
            }
        }
        catch (Exception e) when (e is IOException or OperationCanceledException)
        {
            _process.Kill();
            await _process.WaitForExitAsync();
        }
        finally
        {
            await _stderrCopy;
            _process.Dispose();
        }
    }

    private string NextTag() => "s" + (_nextTag++).ToString(CultureInfo.InvariantCulture);

    private async Task WriteAsync(string text, CancellationToken cancellationToken)
    {
        await _input.WriteAsync(Encoding.UTF8.GetBytes(text), cancellationToken);
        await _input.FlushAsync(cancellationToken);
    }

    private async Task<ImapLine> ReadUntilTaggedAsync(string tag, CancellationToken cancellationToken)
    {
        while (true)
        {
            var response = await ReadResponseAsync(cancellationToken);
            if (response.Line.StartsWith(tag + " ", StringComparison.Ordinal))
            {
                return response.Line.StartsWith(tag + " OK", StringComparison.Ordinal)
                    ? response
                    : throw new InvalidOperationException(response.Line);
            }
        }
    }

    /// <summary>Reads one response: its lines joined, with each literal's bytes kept aside.</summary>
    private async Task<ImapLine> ReadResponseAsync(CancellationToken cancellationToken)
    {
        var text = new StringBuilder();
        var literals = new List<byte[]>();
        while (true)
        {
            var line = await ReadLineAsync(cancellationToken);
            text.Append(line);
            var open = line.EndsWith('}') ? line.LastIndexOf('{') : -1;
            if (open < 0)
            {
                return new ImapLine(text.ToString(), literals);
            }

            var length = int.Parse(line.AsSpan(open + 1, line.Length - open - 2).TrimEnd('+'), CultureInfo.InvariantCulture);
            literals.Add(await ReadBytesAsync(length, cancellationToken));
        }
    }

    private async Task<string> ReadLineAsync(CancellationToken cancellationToken)
    {
        while (true)
        {
            var newline = Array.IndexOf(_buffer, (byte)'\n', _start, _end - _start);
            if (newline >= 0)
            {
                var line = Encoding.UTF8.GetString(_buffer, _start, newline - _start).TrimEnd('\r');
                _start = newline + 1;
                return line;
            }

            await FillAsync(cancellationToken);
        }
    }

    private async Task<byte[]> ReadBytesAsync(int length, CancellationToken cancellationToken)
    {
        var result = new byte[length];
        var copied = 0;
        while (copied < length)
        {
            if (_start == _end)
            {
                await FillAsync(cancellationToken);
            }

            var n = Math.Min(length - copied, _end - _start);
            Array.Copy(_buffer, _start, result, copied, n);
            _start += n;
            copied += n;
        }

        return result;
    }

    private async Task FillAsync(CancellationToken cancellationToken)
    {
        if (_start > 0)
        {
            Array.Copy(_buffer, _start, _buffer, 0, _end - _start);
            _end -= _start;
            _start = 0;
        }

        if (_end == _buffer.Length)
        {
            throw new InvalidOperationException("stdio imap line longer than the session buffer");
        }

        var read = await _output.ReadAsync(_buffer.AsMemory(_end), cancellationToken);
        if (read == 0)
        {
            throw new IOException("the stdio imap process closed its output");
        }

        _end += read;
    }

    private static async Task CopyStderrAsync(Process process, string logPath)
    {
        await using var log = new FileStream(logPath, FileMode.Append, FileAccess.Write, FileShare.ReadWrite);
        await process.StandardError.BaseStream.CopyToAsync(log);
    }
}

/// <summary>One response of <see cref="DovecotStdioSession"/>: its text and the literals it carried.</summary>
internal sealed record ImapLine(string Line, IReadOnlyList<byte[]> Literals);
