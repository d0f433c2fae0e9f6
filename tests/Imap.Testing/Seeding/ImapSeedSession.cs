using System.Diagnostics;
using System.Globalization;
using System.Text;

using System.Net.Sockets;
using Imap.Testing.Dovecot;

namespace Imap.Testing.Seeding;

/// <summary>
/// A minimal IMAP session for seeding and reading mail, over a stdio PREAUTH process (Dovecot, Courier) or a TCP
/// LOGIN (Cyrus). It is deliberately independent of Imap.Protocol (the code under test) and understands
/// just enough IMAP: lines, and literals announced at the end of a line.
/// </summary>
internal sealed partial class ImapSeedSession : IAsyncDisposable
{
    private readonly Process? _process;
    private readonly TcpClient? _tcp;
    private readonly Stream _input;
    private readonly Stream _output;
    private readonly Task _stderrCopy;
    private readonly byte[] _buffer = new byte[64 * 1024];
    private int _start;
    private int _end;
    private int _nextTag = 1;

    private ImapSeedSession(Process process, string logPath)
    {
        _process = process;
        _input = process.StandardInput.BaseStream;
        _output = process.StandardOutput.BaseStream;
        _stderrCopy = CopyStderrAsync(process, logPath);
    }

    private ImapSeedSession(TcpClient tcp)
    {
        _tcp = tcp;
        _input = _output = tcp.GetStream();
        _stderrCopy = Task.CompletedTask;
    }

    /// <summary>Connects over TCP and logs in (plaintext LOGIN on loopback).</summary>
    public static async Task<ImapSeedSession> OpenTcpAsync(string host, int port, string user, string password, CancellationToken cancellationToken)
    {
        var tcp = new TcpClient();
        ImapSeedSession? session = null;
        try
        {
            await tcp.ConnectAsync(host, port, cancellationToken);
            session = new ImapSeedSession(tcp);
            var greeting = await session.ReadResponseAsync(cancellationToken);
            if (!greeting.Line.StartsWith("* OK", StringComparison.Ordinal))
            {
                throw new InvalidOperationException($"unexpected greeting: {greeting.Line}");
            }

            await session.CommandAsync($"LOGIN {Quote(user)} {Quote(password)}", cancellationToken);
            return session;
        }
        catch
        {
            if (session is not null)
            {
                await session.DisposeAsync();
            }
            else
            {
                tcp.Dispose();
            }

            throw;
        }
    }

    /// <summary>Starts a stdio PREAUTH process (argv) whose stderr is appended to <paramref name="logPath"/>.</summary>
    public static async Task<ImapSeedSession> OpenStdioAsync(IReadOnlyList<string> argv, string logPath, CancellationToken cancellationToken)
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

        var session = new ImapSeedSession(
            Process.Start(startInfo) ?? throw new InvalidOperationException("could not start the stdio imap process"), logPath);
        try
        {
            var greeting = await session.ReadResponseAsync(cancellationToken);
            while (greeting.Line.StartsWith("* OK [ALERT]", StringComparison.Ordinal))
            {
                // Courier without its file-notification daemon warns before the greeting.
                greeting = await session.ReadResponseAsync(cancellationToken);
            }

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
    public async Task<IReadOnlyList<ImapResponseText>> CommandAsync(string commandText, CancellationToken cancellationToken)
    {
        var tag = NextTag();
        await WriteAsync($"{tag} {commandText}\r\n", cancellationToken);
        var responses = new List<ImapResponseText>();
        while (true)
        {
            var response = await ReadResponseAsync(cancellationToken);
            responses.Add(response);
            if (response.Line.StartsWith(tag + " ", StringComparison.Ordinal))
            {
                return response.Line.StartsWith(tag + " OK", StringComparison.Ordinal)
                    ? responses
                    : throw new InvalidOperationException($"'{Redact(commandText)}' failed: {response.Line}");
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
        if (_tcp is not null)
        {
            try
            {
                await WriteAsync($"{NextTag()} LOGOUT\r\n", CancellationToken.None);
            }
            catch (IOException)
            {
                // Already closed.
            }

            _tcp.Dispose();
            return;
        }

        var process = _process!;
        try
        {
            if (!process.HasExited)
            {
                await WriteAsync($"{NextTag()} LOGOUT\r\n", CancellationToken.None);
                _input.Close();
                using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(5));
                await process.WaitForExitAsync(timeout.Token);
            }
        }
        catch (Exception e) when (e is IOException or OperationCanceledException)
        {
            process.Kill();
            await process.WaitForExitAsync();
        }
        finally
        {
            await _stderrCopy;
            process.Dispose();
        }
    }

    /// <summary>Never echo a LOGIN password into an exception message.</summary>
    private static string Redact(string commandText) =>
        commandText.StartsWith("LOGIN ", StringComparison.Ordinal) ? "LOGIN (credentials hidden)" : commandText;

    private string NextTag() => "s" + (_nextTag++).ToString(CultureInfo.InvariantCulture);

    private async Task WriteAsync(string text, CancellationToken cancellationToken)
    {
        await _input.WriteAsync(Encoding.UTF8.GetBytes(text), cancellationToken);
        await _input.FlushAsync(cancellationToken);
    }

    private async Task<ImapResponseText> ReadUntilTaggedAsync(string tag, CancellationToken cancellationToken)
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
    private async Task<ImapResponseText> ReadResponseAsync(CancellationToken cancellationToken)
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
                return new ImapResponseText(text.ToString(), literals);
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
