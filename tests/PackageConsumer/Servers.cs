using Imap.Protocol.Auth;
using Imap.Protocol.Client;
using Imap.Protocol.Transport;

namespace PackageConsumer;

/// <summary>The throwaway Dovecots run.sh started: user alice on loopback ports, no TLS.</summary>
internal static class Servers
{
    public static ImapCredentials Alice { get; } = new() { UserName = "alice", Password = "alicepw" };

    public static ImapClientOptions Options(int port) => new()
    {
        Transport = new ImapTransportOptions { Host = "127.0.0.1", Port = port, Security = ImapSecurity.None },
    };

    public static async Task<ImapClient> ConnectAsync(int port, CancellationToken cancellationToken)
    {
        var client = await ImapClient.ConnectAsync(Options(port), cancellationToken);
        await client.AuthenticateAsync(Alice, cancellationToken: cancellationToken);
        return client;
    }
}
