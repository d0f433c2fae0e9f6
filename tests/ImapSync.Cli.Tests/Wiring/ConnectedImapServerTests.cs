using Imap.Protocol.Auth;
using Imap.Protocol.Client;
using Imap.Protocol.Transport;
using Imap.Sync.Adapters;
using Imap.Sync.Ports;
using Imap.Testing.Dovecot;
using ImapSync.Cli.Wiring;

namespace ImapSync.Cli.Tests.Wiring;

/// <summary>
/// The CLI side of <c>--notify</c> against a real Dovecot: the listener is started once, on its own
/// connection, and what it watches is said once at info level. (The listener itself is tested in Imap.Sync.Tests.)
/// </summary>
public sealed class ConnectedImapServerTests
{
    private const string User = "alice";

    [Theory]
    [InlineData(true, "watching every mailbox with NOTIFY")]
    [InlineData(false, "the server offers no NOTIFY (RFC 5465): watching INBOX with IDLE, other mailboxes every 60 s")]
    public async Task The_listener_is_started_once_and_says_what_it_watches(bool notify, string said)
    {
        await using var dovecot = await DovecotServer.StartAsync(new DovecotOptions { Tls = false, Notify = notify });
        var info = new List<string>();
        var connections = 0;
        await using var server = new ConnectedImapServer(
            await ConnectAsync(dovecot),
            await ImapMailServer.OpenAsync(await ConnectAsync(dovecot)),
            () =>
            {
                connections++;
                return ConnectAsync(dovecot);
            },
            info.Add);

        var before = server.Traffic;
        var listener = await server.ListenAsync(TimeSpan.FromSeconds(60), CancellationToken.None);
        Assert.Same(listener, await server.ListenAsync(TimeSpan.FromSeconds(60), CancellationToken.None));

        Assert.Equal(notify ? ChangeListenerScope.EveryMailbox : ChangeListenerScope.Inbox, listener!.Scope);
        Assert.Equal(1, connections);
        Assert.Equal([said], info);
        await dovecot.AppendAsync(User, "INBOX", SeedMessage.Simple("listened@e2e.example"));
        Assert.True(await listener.WaitAsync(TimeSpan.FromSeconds(60), CancellationToken.None).WaitAsync(TimeSpan.FromSeconds(20)));
        Assert.True(server.Traffic.Received > before.Received, "the listener's bytes count in the server's traffic");
    }

    private static async Task<ImapClient> ConnectAsync(DovecotServer dovecot)
    {
        var client = await ImapClient.ConnectAsync(new ImapClientOptions
        {
            Transport = new ImapTransportOptions { Host = dovecot.Host, Port = dovecot.Port, Security = ImapSecurity.None },
            CommandTimeout = TimeSpan.FromSeconds(30),
        });
        await client.AuthenticateAsync(new ImapCredentials { UserName = User, Password = dovecot.PasswordOf(User) });
        return client;
    }
}
