using Imap.Protocol.Client;
using Imap.Protocol.Transport;
using Imap.Testing.Dovecot;
using static Imap.Protocol.Tests.Dovecot.DovecotClients;

namespace Imap.Protocol.Tests.Dovecot;

/// <summary>Issue 2's smoke tests: connect, greeting and capabilities over TCP, imaps and the PREAUTH tunnel.</summary>
public class DovecotSmokeTests(DovecotFixture fixture) : IClassFixture<DovecotFixture>
{
    private DovecotServer Server => fixture.Server;

    [Fact]
    public async Task Tcp_greeting_and_capabilities()
    {
        await using var client = await ConnectAsync(Plain(Server));
        Assert.Equal(ImapConnectionState.NotAuthenticated, client.State);
        Assert.True(client.Capabilities.Imap4Rev1);
        Assert.True(client.Capabilities.StartTls);
        Assert.Contains("PLAIN", client.Capabilities.AuthMechanisms);
        await client.AuthenticateAsync(Credentials(Server));
        Assert.True(client.Capabilities.QResync);
        Assert.True(client.Capabilities.Compress);
        await client.LogoutAsync();
    }

    [Fact]
    public async Task Imaps_greeting_and_capabilities()
    {
        await using var client = await ConnectAsync(Plain(Server, ImapSecurity.Tls));
        Assert.True(client.Connection.IsTls);
        Assert.Equal(Server.SpkiFingerprint, client.Connection.PeerFingerprint);
        Assert.True(client.Capabilities.Imap4Rev1);
        Assert.False(client.Capabilities.StartTls);
        await client.AuthenticateAsync(Credentials(Server));
        Assert.Equal(ImapConnectionState.Authenticated, client.State);
    }

    [Fact]
    public async Task Preauth_tunnel_greeting_and_capabilities()
    {
        await using var client = await ConnectAsync(new ImapTransportOptions { TunnelCommand = Server.TunnelCommand("alice") });
        Assert.True(client.Connection.IsTunnel);
        Assert.True(client.IsPreAuthenticated);
        Assert.Equal(ImapConnectionState.Authenticated, client.State);
        Assert.True(client.Capabilities.Imap4Rev1);
        Assert.True(client.Capabilities.QResync);
        var list = await client.ListAsync();
        Assert.Contains(list, e => e.Mailbox.Mailbox.IsInbox);
        await client.LogoutAsync();
    }

    [Fact]
    public async Task Tunnel_split_into_argv_without_shell()
    {
        await using var client = await ConnectAsync(new ImapTransportOptions
        {
            TunnelCommand = string.Join(' ', Server.TunnelArguments("alice")),
            TunnelStderr = TunnelStderr.Discard,
        });
        Assert.True(client.IsPreAuthenticated);
        await client.NoopAsync();
    }

    [Fact]
    public async Task Socks5h_proxy_to_imaps_with_user_and_password()
    {
        await using var proxy = new Imap.Protocol.Tests.Transport.FakeSocks5Server(requiredUser: "u", requiredPassword: "p", relay: true);
        await using var client = await ConnectAsync(new ImapTransportOptions
        {
            Host = "localhost",
            Port = Server.ImapsPort,
            Security = ImapSecurity.Tls,
            Tls = new ImapTlsOptions { CaFile = Server.CertificatePath },
            Proxy = new Uri($"socks5h://u:p@127.0.0.1:{proxy.Port}"),
        });
        Assert.Equal("localhost", proxy.Address);
        Assert.True(client.Connection.IsTls);
        await client.AuthenticateAsync(Credentials(Server));
        await client.NoopAsync();
        await client.LogoutAsync();
    }
}
