using System.Globalization;
using System.Net;
using System.Net.Sockets;
using System.Text;
using System.Text.RegularExpressions;

namespace Imap.Protocol.Tests.Client;

/// <summary>One step of a transcript: the commands the server waits for, then what it answers.</summary>
/// <param name="Expect">Command texts without tag (literal data inline), in arrival order.</param>
/// <param name="Reply">
/// Lines to send once all expected commands arrived; <c>{tag}</c> is the last command's tag,
/// <c>{tag0}</c>, <c>{tag1}</c>… each command's. <c>!close</c> closes the connection, <c>!raw:</c> sends bytes without CRLF,
/// <c>!drain</c> goes silent, discarding whatever the client sends (a TLS ClientHello) until it hangs up.
/// </param>
/// <param name="RefuseLiteral">Answer a synchronizing literal with the reply instead of "+".</param>
internal sealed record Exchange(string[] Expect, string[] Reply, bool RefuseLiteral = false)
{
    public Exchange(string expect, params string[] reply) : this([expect], reply) { }
}

/// <summary>
/// A fake IMAP server on 127.0.0.1 that plays a transcript: it releases each scripted reply only when
/// the commands it answers have arrived, so pipelining and out-of-order completion are exercised.
/// </summary>
internal sealed partial class ScriptedImapServer : IAsyncDisposable
{
    private readonly TcpListener _listener = new(IPAddress.Loopback, 0);
    private readonly Task _run;

    public ScriptedImapServer(string greeting, params Exchange[] script)
    {
        _listener.Start();
        _run = RunAsync(greeting, script);
    }

    public int Port => ((IPEndPoint)_listener.LocalEndpoint).Port;

    /// <summary>Every command received (without tag), in order.</summary>
    public List<string> Received { get; } = [];

    /// <summary>How many commands had arrived when each step's replies were sent.</summary>
    public List<int> ReceivedWhenReplying { get; } = [];

    /// <summary>Set when the client sent something the script did not expect.</summary>
    public string? Error { get; private set; }

    /// <summary>Completes when the script has been played (or failed).</summary>
    public Task Completion => _run;

    private async Task RunAsync(string greeting, Exchange[] script)
    {
        using var client = await _listener.AcceptTcpClientAsync();
        var stream = client.GetStream();
        var reader = new LineReader(stream);
        await Send(stream, greeting, "");
        foreach (var step in script)
        {
            var tags = new List<string>();
            foreach (var expected in step.Expect)
            {
                var (tag, text, refused) = await ReadCommand(reader, stream, step);
                if (tag is null)
                {
                    Error ??= $"connection closed while waiting for {expected}";
                    return;
                }
                tags.Add(tag);
                Received.Add(text);
                if (!Matches(expected, text))
                {
                    Error ??= $"expected [{expected}] got [{text}]";
                    return;
                }
                if (refused)
                {
                    break;
                }
            }
            ReceivedWhenReplying.Add(Received.Count);
            foreach (var line in step.Reply)
            {
                if (line == "!close")
                {
                    client.Client.Shutdown(SocketShutdown.Both);
                    return;
                }
                if (line == "!drain")
                {
                    await reader.DrainAsync();
                    return;
                }
                var text = line;
                for (var i = 0; i < tags.Count; i++)
                {
                    text = text.Replace("{tag" + i.ToString(CultureInfo.InvariantCulture) + "}", tags[i], StringComparison.Ordinal);
                }
                await Send(stream, text.Replace("{tag}", tags[^1], StringComparison.Ordinal), tags[^1]);
            }
        }
        // Keep the connection open until the client goes away.
        await reader.ReadLineAsync();
    }

    private static bool Matches(string expected, string actual) =>
        expected.EndsWith('*') ? actual.StartsWith(expected[..^1], StringComparison.Ordinal) : expected == actual;

    private static async Task Send(NetworkStream stream, string line, string tag)
    {
        var raw = line.StartsWith("!raw:", StringComparison.Ordinal);
        var bytes = Encoding.UTF8.GetBytes(raw ? line[5..] : line + "\r\n");
        await stream.WriteAsync(bytes);
        await stream.FlushAsync();
    }

    private static async Task<(string? Tag, string Text, bool Refused)> ReadCommand(LineReader reader, NetworkStream stream, Exchange step)
    {
        var line = await reader.ReadLineAsync();
        if (line is null)
        {
            return (null, "", false);
        }
        // Lines without a tag (DONE, SASL answers) belong to the command before them.
        var space = line.IndexOf(' ', StringComparison.Ordinal);
        var tagged = space > 0 && line[..space].All(char.IsAsciiDigit);
        var tag = tagged ? line[..space] : reader.LastTag;
        reader.LastTag = tag;
        var text = new StringBuilder(tagged ? line[(space + 1)..] : line);
        while (LiteralAtEnd().Match(text.ToString()) is { Success: true } m)
        {
            var length = int.Parse(m.Groups[1].Value, CultureInfo.InvariantCulture);
            if (m.Groups[2].Value != "+")
            {
                if (step.RefuseLiteral)
                {
                    return (tag, text.ToString(), true);
                }
                await Send(stream, "+ go ahead", tag);
            }
            var data = await reader.ReadBytesAsync(length);
            var rest = await reader.ReadLineAsync();
            text.Append(Encoding.UTF8.GetString(data)).Append(rest);
        }
        return (tag, text.ToString(), false);
    }

    [GeneratedRegex(@"\{(\d+)(\+?)\}$")]
    private static partial Regex LiteralAtEnd();

    public async ValueTask DisposeAsync()
    {
        _listener.Stop();
        try
        {
            await _run.WaitAsync(TimeSpan.FromSeconds(5));
        }
        catch (Exception ex) when (ex is IOException or SocketException or ObjectDisposedException or TimeoutException)
        {
        }
    }

    /// <summary>Reads CRLF lines and exact byte counts from a stream.</summary>
    private sealed class LineReader(Stream stream)
    {
        private readonly byte[] _buffer = new byte[65536];
        private int _start;
        private int _end;

        public string LastTag { get; set; } = "";

        public async Task<string?> ReadLineAsync()
        {
            var line = new MemoryStream();
            while (true)
            {
                if (_start == _end && !await Fill())
                {
                    return null;
                }
                var b = _buffer[_start++];
                if (b == '\n')
                {
                    return Encoding.UTF8.GetString(line.ToArray()).TrimEnd('\r');
                }
                line.WriteByte(b);
            }
        }

        public async Task<byte[]> ReadBytesAsync(int count)
        {
            var result = new byte[count];
            var n = 0;
            while (n < count)
            {
                if (_start == _end && !await Fill())
                {
                    throw new EndOfStreamException();
                }
                var take = Math.Min(count - n, _end - _start);
                Array.Copy(_buffer, _start, result, n, take);
                _start += take;
                n += take;
            }
            return result;
        }

        public async Task DrainAsync()
        {
            while (await Fill())
            {
            }
        }

        private async Task<bool> Fill()
        {
            _start = 0;
            _end = await stream.ReadAsync(_buffer);
            return _end > 0;
        }
    }
}
