using Imap.Protocol.Auth;
using Imap.Protocol.Client;
using Imap.Protocol.Transport;
using Imap.Testing.Dovecot;

namespace Imap.Protocol.Tests.Dovecot;

/// <summary>Client options for the fixture's Dovecot.</summary>
internal static class DovecotClients
{
    public static ImapTransportOptions Plain(DovecotServer server, ImapSecurity security = ImapSecurity.None, ImapTlsOptions? tls = null) => new()
    {
        Host = server.Host,
        Port = security == ImapSecurity.Tls ? server.ImapsPort : server.Port,
        Security = security,
        Tls = tls ?? new ImapTlsOptions { VerifyCertificate = false },
        ConnectTimeout = TimeSpan.FromSeconds(20),
    };

    public static Task<ImapClient> ConnectAsync(ImapTransportOptions transport, int depth = 16, Action<string>? trace = null) =>
        ImapClient.ConnectAsync(new ImapClientOptions { Transport = transport, PipelineDepth = depth, Trace = trace, CommandTimeout = TimeSpan.FromSeconds(60) });

    public static async Task<ImapClient> LoginAsync(DovecotServer server, string user = "alice", int depth = 16, Action<string>? trace = null)
    {
        var client = await ConnectAsync(Plain(server), depth, trace);
        await client.AuthenticateAsync(Credentials(server, user));
        return client;
    }

    public static ImapCredentials Credentials(DovecotServer server, string user = "alice") =>
        new() { UserName = user, Password = server.PasswordOf(user) };
}
