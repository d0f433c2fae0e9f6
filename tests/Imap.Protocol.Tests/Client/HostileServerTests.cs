using System.Diagnostics;
using System.Net;
using System.Net.Sockets;
using System.Text;
using Imap.Protocol.Client;
using Imap.Protocol.Model;
using Imap.Protocol.Tests.Dovecot;
using Imap.Protocol.Transport;

namespace Imap.Protocol.Tests.Client;

/// <summary>
/// A hostile server on 127.0.0.1 that answers the first command after the greeting with bytes meant
/// to hurt (a 4 GB literal it then starts streaming, an endless line, deep nesting, an unknown tag,
/// BYE inside a literal, a UID out of range, silence). The client must fail with a clear error, in
/// bounded time and with bounded memory, instead of hanging, crashing or buffering the attack.
/// Runs alone: the allocation bound is measured process-wide, so other tests' garbage must not count.
/// </summary>
[Collection(nameof(MemoryMeasurementGroup))]
public sealed class HostileServerTests
{
    private static readonly ImapReaderLimits Limits = ImapReaderLimits.Default with { MaxLineLength = 64 << 10, MaxNesting = 32 };

    public static TheoryData<string, string> Attacks => new()
    {
        { "literal4g", "* 1 FETCH (UID 1 BODY[] {4294967296}\r\n" },
        { "endless", "* OK " },
        { "nesting", "* 1 FETCH (X " + new string('(', 5000) + "\r\n" },
        { "unknowntag", "zzz9 OK done\r\n" },
        { "byeinliteral", "* 1 FETCH (UID 1 BODY[] {100}\r\nabc\r\n* BYE going away\r\n" },
        { "uidrange", "* 1 FETCH (UID 4294967296 FLAGS ())\r\n{tag} OK done\r\n" },
        { "silence", "" },
    };

    [Theory]
    [MemberData(nameof(Attacks))]
    public async Task A_hostile_reply_fails_the_command_clearly_with_bounded_memory_and_time(string name, string reply)
    {
        await using var server = new HostileServer(name, reply);
        var clock = Stopwatch.StartNew();
        var allocatedBefore = GC.GetTotalAllocatedBytes(precise: true);
        await using var client = await ImapClient.ConnectAsync(new ImapClientOptions
        {
            Transport = new ImapTransportOptions { Host = "127.0.0.1", Port = server.Port, Security = ImapSecurity.None },
            CommandTimeout = TimeSpan.FromSeconds(3),
            Limits = Limits,
        });

        var error = await Assert.ThrowsAnyAsync<Exception>(() => client.NoopAsync());

        Assert.True(clock.Elapsed < TimeSpan.FromSeconds(20), $"{name}: took {clock.Elapsed}");
        Assert.True(error is ImapProtocolException or ImapConnectionException or ImapCommandException, $"{name}: {error}");
        Assert.False(string.IsNullOrWhiteSpace(error.Message));
        var allocated = GC.GetTotalAllocatedBytes(precise: true) - allocatedBefore;
        Assert.True(allocated < 64L << 20, $"{name}: allocated {allocated} bytes; sent {server.BytesSent}");
        if (name == "endless")
        {
            Assert.True(server.BytesSent > Limits.MaxLineLength, "the line never got past the limit");
        }
    }

    [Fact]
    public async Task Invalid_modified_UTF7_in_a_mailbox_name_is_an_error_or_kept_verbatim_never_a_crash()
    {
        await using var server = new HostileServer("utf7", "* LIST () \"/\" \"bad&-Zm9v&AAA\"\r\n* LIST () \"/\" \"&ZeVnLIqe\"\r\n{tag} OK done\r\n");
        await using var client = await ImapClient.ConnectAsync(new ImapClientOptions
        {
            Transport = new ImapTransportOptions { Host = "127.0.0.1", Port = server.Port, Security = ImapSecurity.None },
            CommandTimeout = TimeSpan.FromSeconds(3),
        });
        try
        {
            var entries = await client.ListAsync();
            Assert.Equal(2, entries.Count);
        }
        catch (ImapProtocolException e)
        {
            Assert.Contains("UTF-7", e.Message, StringComparison.OrdinalIgnoreCase);
        }
    }

    /// <summary>Greets, reads one command line, then sends the attack (streaming forever for the endless ones).</summary>
    private sealed class HostileServer : IAsyncDisposable
    {
        private readonly TcpListener _listener = new(IPAddress.Loopback, 0);
        private readonly CancellationTokenSource _stop = new();
        private readonly Task _run;
        private long _sent;

        public HostileServer(string name, string reply)
        {
            _listener.Start();
            _run = RunAsync(name, reply, _stop.Token);
        }

        public int Port => ((IPEndPoint)_listener.LocalEndpoint).Port;

        public long BytesSent => Interlocked.Read(ref _sent);

        public async ValueTask DisposeAsync()
        {
            await _stop.CancelAsync();
            _listener.Stop();
            try
            {
                await _run;
            }
            catch (Exception e) when (e is OperationCanceledException or SocketException or IOException or ObjectDisposedException)
            {
            }

            _stop.Dispose();
        }

        private async Task RunAsync(string name, string reply, CancellationToken token)
        {
            using var socket = await _listener.AcceptSocketAsync(token);
            await using var stream = new NetworkStream(socket);
            await SendAsync(stream, "* OK [CAPABILITY IMAP4rev1] hostile\r\n", token);
            var line = new StringBuilder();
            var one = new byte[1];
            while (!line.ToString().EndsWith("\r\n", StringComparison.Ordinal))
            {
                if (await stream.ReadAsync(one, token) == 0)
                {
                    return;
                }

                line.Append((char)one[0]);
            }

            var tag = line.ToString().Split(' ')[0];
            await SendAsync(stream, reply.Replace("{tag}", tag, StringComparison.Ordinal), token);
            var filler = Encoding.ASCII.GetBytes(new string('A', 16 << 10));
            if (name is "literal4g" or "endless")
            {
                // Keep feeding until the client hangs up.
                while (!token.IsCancellationRequested)
                {
                    await stream.WriteAsync(filler, token);
                    Interlocked.Add(ref _sent, filler.Length);
                }
            }

            // Otherwise hold the connection open and silent.
            await Task.Delay(Timeout.Infinite, token);
        }

        private async Task SendAsync(Stream stream, string text, CancellationToken token)
        {
            var bytes = Encoding.ASCII.GetBytes(text);
            await stream.WriteAsync(bytes, token);
            Interlocked.Add(ref _sent, bytes.Length);
        }
    }
}
