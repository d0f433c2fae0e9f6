using Imap.Protocol.Auth;
using Imap.Protocol.Client;
using Imap.Protocol.Transport;
using Imap.Sync.Adapters;
using Imap.Sync.State;
using Imap.Testing;
using Imap.Testing.Faults;

namespace Imap.Sync.Tests.Dovecot;

/// <summary>Connections, runs and read-back shared by the tests between Dovecot and other servers.</summary>
internal static class CyrusSync
{
    private const string User = TwoDovecots.User;

    /// <summary>Connects and logs in, through <paramref name="via"/> when given (e.g. to count the bytes).</summary>
    public static async Task<ImapMailServer> OpenAsync(LocalImapServer server, ImapMailServerOptions? options = null, FaultProxy? via = null)
    {
        var client = await ImapClient.ConnectAsync(new ImapClientOptions
        {
            Transport = new ImapTransportOptions { Host = via?.Host ?? server.Host, Port = via?.Port ?? server.Port, Security = ImapSecurity.None },
            CommandTimeout = TimeSpan.FromSeconds(30),
        });
        await client.AuthenticateAsync(new ImapCredentials { UserName = User, Password = server.PasswordOf(User) });
        return await ImapMailServer.OpenAsync(client, options);
    }

    /// <summary>One engine run between two servers over TCP with LOGIN, through a proxy in front of each when <paramref name="via"/> is given.</summary>
    public static async Task<SyncSummary> RunAsync(
        LocalImapServer local, LocalImapServer remote, string db, string remoteReference = "", ImapMailServerOptions? remoteOptions = null, (FaultProxy Local, FaultProxy Remote)? via = null)
    {
        using var state = SyncStateStore.Open(db);
        await using var l = await OpenAsync(local, via: via?.Local);
        await using var r = await OpenAsync(remote, remoteOptions, via?.Remote);
        return await new SyncEngine(state, l, r, new SyncOptions { RemoteListReference = remoteReference }).SyncAsync();
    }

    /// <summary>"mailbox: Message-ID [flags]" with the personal prefix removed and '/' as delimiter.</summary>
    public static async Task<List<string>> ReadBackAsync(LocalImapServer server, string prefix)
    {
        var lines = new List<string>();
        foreach (var mailbox in await server.ListMailboxesAsync(User))
        {
            var name = prefix.Length > 0 && mailbox.StartsWith(prefix, StringComparison.Ordinal) ? mailbox[prefix.Length..] : mailbox;
            foreach (var message in await server.FetchMessagesAsync(User, mailbox))
            {
                var flags = message.Flags.Where(f => f != "\\Recent").Order(StringComparer.Ordinal);
                lines.Add($"{name.Replace(server.HierarchySeparator, '/')}: {message.MessageId} [{string.Join(' ', flags)}]");
            }
        }

        lines.Sort(StringComparer.Ordinal);
        return lines;
    }
}
