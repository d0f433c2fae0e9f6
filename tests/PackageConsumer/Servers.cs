using Imap.Protocol.Auth;
using Imap.Protocol.Client;
using Imap.Protocol.Transport;

namespace PackageConsumer;

/// <summary>Logs in to the throwaway Dovecot on a loopback port that run.sh started.</summary>
internal static class Servers
{
    public static async Task<ImapClient> ConnectAsync(int port, CancellationToken cancellationToken)
    {
        var client = await ImapClient.ConnectAsync(new ImapClientOptions
        {
            Transport = new ImapTransportOptions { Host = "127.0.0.1", Port = port, Security = ImapSecurity.None },
        }, cancellationToken);
        await client.AuthenticateAsync(new ImapCredentials { UserName = "alice", Password = "alicepw" }, cancellationToken: cancellationToken);
        return client;
    }
}
