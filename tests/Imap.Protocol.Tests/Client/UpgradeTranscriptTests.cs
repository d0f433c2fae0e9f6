using System.Net;
using System.Net.Sockets;
using Imap.Protocol.Client;
using Imap.Protocol.Transport;

namespace Imap.Protocol.Tests.Client;

/// <summary>
/// Transport upgrades (STARTTLS, imaps, COMPRESS) against servers that misbehave around them: they
/// refuse, go silent in the middle (the connection must time out, not hang, so a watching caller
/// reconnects), or inject clear text after the STARTTLS OK (discarded, and always reported through
/// <see cref="ImapClientOptions.Warning"/>, not only in the trace).
/// </summary>
public class UpgradeTranscriptTests
{
    private const string Greeting = "* OK [CAPABILITY IMAP4rev1 STARTTLS AUTH=PLAIN] ready";
    private static readonly TimeSpan s_connectTimeout = TimeSpan.FromSeconds(2);
    private static readonly TimeSpan s_limit = TimeSpan.FromSeconds(60);

    private static Task<ImapClient> Connect(ScriptedImapServer server, List<string>? warnings = null) =>
        ImapClient.ConnectAsync(new ImapClientOptions
        {
            Transport = new ImapTransportOptions
            {
                Host = "127.0.0.1",
                Port = server.Port,
                Security = ImapSecurity.StartTls,
                ConnectTimeout = s_connectTimeout,
            },
            CommandTimeout = TimeSpan.FromSeconds(20),
            Warning = warnings is null ? null : w => { lock (warnings) { warnings.Add(w); } },
        });

    [Fact]
    public async Task A_server_silent_after_its_STARTTLS_OK_times_the_handshake_out()
    {
        await using var server = new ScriptedImapServer(Greeting, new Exchange("STARTTLS", "{tag} OK Begin TLS negotiation now", "!drain"));

        var error = await Assert.ThrowsAsync<ImapTimeoutException>(() => Connect(server).WaitAsync(s_limit));

        Assert.Equal("Timed out after 2 s in the TLS handshake with 127.0.0.1 after STARTTLS", error.Message);
        Assert.Null(server.Error);
    }

    [Theory]
    [InlineData("NO", "TLS is down for maintenance")]
    [InlineData("BAD", "STARTTLS not allowed here")]
    public async Task A_refused_STARTTLS_is_a_TLS_failure_quoting_the_server(string status, string text)
    {
        await using var server = new ScriptedImapServer(Greeting, new Exchange("STARTTLS", $"{{tag}} {status} {text}"));

        var error = await Assert.ThrowsAsync<ImapTlsException>(() => Connect(server).WaitAsync(s_limit));

        Assert.Equal($"127.0.0.1 refused STARTTLS: STARTTLS failed: {status} {text}", error.Message);
        var refusal = Assert.IsType<ImapCommandException>(error.InnerException);
        Assert.Equal(text, refusal.ResponseText);
    }

    [Fact]
    public async Task Clear_text_injected_after_the_STARTTLS_OK_is_discarded_with_a_warning()
    {
        var warnings = new List<string>();
        const string Injected = "* CAPABILITY IMAP4rev1 AUTH=PLAIN LOGIN\r\n";
        await using var server = new ScriptedImapServer(Greeting,
            new Exchange("STARTTLS", "!raw:{tag} OK Begin TLS negotiation now\r\n" + Injected, "!drain"));

        // The script then plays a silent TLS server, so the handshake times out after the warning.
        await Assert.ThrowsAsync<ImapTimeoutException>(() => Connect(server, warnings).WaitAsync(s_limit));

        Assert.Equal([$"127.0.0.1: discarded {Injected.Length} bytes sent in clear text after the STARTTLS OK (unauthenticated response injection?)"], warnings);
    }

    [Fact]
    public async Task A_server_silent_in_the_imaps_handshake_times_the_connection_out()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        var silent = DrainOneConnectionAsync(listener);

        var error = await Assert.ThrowsAsync<ImapConnectionException>(() => ImapClient.ConnectAsync(new ImapClientOptions
        {
            Transport = new ImapTransportOptions
            {
                Host = "127.0.0.1",
                Port = ((IPEndPoint)listener.LocalEndpoint).Port,
                Security = ImapSecurity.Tls,
                ConnectTimeout = s_connectTimeout,
            },
        }).WaitAsync(s_limit));

        Assert.StartsWith("Timed out connecting to 127.0.0.1:", error.Message, StringComparison.Ordinal);
        await silent.WaitAsync(s_limit);
    }

    [Fact]
    public async Task A_server_silent_after_COMPRESS_times_the_command_out()
    {
        await using var server = new ScriptedImapServer("* OK [CAPABILITY IMAP4rev1 COMPRESS=DEFLATE] ready", new Exchange("COMPRESS DEFLATE", "!drain"));
        await using var client = await TranscriptClient.Connect(server, timeout: s_connectTimeout);

        var error = await Assert.ThrowsAsync<ImapTimeoutException>(() => client.CompressAsync().WaitAsync(s_limit));

        Assert.StartsWith("Timed out after 2 s waiting for the reply to COMPRESS", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_refused_COMPRESS_is_a_command_failure_quoting_the_server()
    {
        await using var server = new ScriptedImapServer("* OK [CAPABILITY IMAP4rev1 COMPRESS=DEFLATE] ready", new Exchange("COMPRESS DEFLATE", "{tag} NO compression is disabled"));
        await using var client = await TranscriptClient.Connect(server);

        var error = await Assert.ThrowsAsync<ImapCommandException>(() => client.CompressAsync().WaitAsync(s_limit));

        Assert.Equal("compression is disabled", error.ResponseText);
    }

    private static async Task DrainOneConnectionAsync(TcpListener listener)
    {
        using var socket = await listener.AcceptSocketAsync();
        var buffer = new byte[4096];
        while (await socket.ReceiveAsync(buffer) > 0)
        {
        }
    }
}
