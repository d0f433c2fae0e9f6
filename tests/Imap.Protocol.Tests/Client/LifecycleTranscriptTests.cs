using Imap.Protocol.Client;
using Imap.Protocol.Transport;

namespace Imap.Protocol.Tests.Client;

public class LifecycleTranscriptTests
{
    private static readonly TimeSpan s_limit = TimeSpan.FromSeconds(20);

    [Fact]
    public async Task Keepalive_sends_noop_when_the_connection_is_quiet()
    {
        await using var server = new ScriptedImapServer(TranscriptClient.Greeting, new Exchange("NOOP", "{tag} OK alive"));
        await using var client = await ImapClient.ConnectAsync(new ImapClientOptions
        {
            Transport = new ImapTransportOptions { Host = "127.0.0.1", Port = server.Port, Security = ImapSecurity.None },
            KeepAliveInterval = TimeSpan.FromMilliseconds(200),
        });
        var deadline = DateTime.UtcNow + s_limit;
        while (server.Received.Count == 0 && DateTime.UtcNow < deadline)
        {
            await Task.Delay(50);
        }
        Assert.Equal(["NOOP"], server.Received);
    }

    [Fact]
    public async Task Cancelled_wait_leaves_the_command_in_flight_and_the_connection_usable()
    {
        await using var server = new ScriptedImapServer(TranscriptClient.Greeting,
            new Exchange(["NOOP", "CAPABILITY"], ["{tag0} OK late", "* CAPABILITY IMAP4rev1 IDLE", "{tag1} OK caps"]));
        await using var client = await TranscriptClient.Connect(server);
        using var cancel = new CancellationTokenSource();
        var noop = client.NoopAsync(cancel.Token);
        await cancel.CancelAsync();
        await Assert.ThrowsAnyAsync<OperationCanceledException>(() => noop);
        var caps = await client.CapabilityAsync().WaitAsync(s_limit);
        Assert.True(caps.Idle);
        Assert.Null(server.Error);
    }

    [Fact]
    public async Task Dispose_fails_commands_in_flight()
    {
        await using var server = new ScriptedImapServer(TranscriptClient.Greeting, new Exchange("NOOP"));
        var client = await TranscriptClient.Connect(server);
        var noop = client.NoopAsync();
        await client.DisposeAsync();
        await Assert.ThrowsAnyAsync<Exception>(() => noop.WaitAsync(s_limit));
        Assert.Equal(ImapConnectionState.Closed, client.State);
    }

    [Fact]
    public async Task Connect_timeout_names_the_host()
    {
        // A listener that accepts but never greets.
        using var listener = new System.Net.Sockets.TcpListener(System.Net.IPAddress.Loopback, 0);
        listener.Start();
        var port = ((System.Net.IPEndPoint)listener.LocalEndpoint).Port;
        var ex = await Assert.ThrowsAsync<ImapTimeoutException>(() => ImapClient.ConnectAsync(new ImapClientOptions
        {
            Transport = new ImapTransportOptions { Host = "127.0.0.1", Port = port, Security = ImapSecurity.None, ConnectTimeout = TimeSpan.FromMilliseconds(300) },
        }).WaitAsync(s_limit));
        Assert.Contains("greeting of 127.0.0.1", ex.Message, StringComparison.Ordinal);
    }
}
