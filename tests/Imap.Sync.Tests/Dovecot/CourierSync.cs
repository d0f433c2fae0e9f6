using Imap.Protocol.Client;
using Imap.Protocol.Transport;
using Imap.Sync.Adapters;
using Imap.Sync.Ports;
using Imap.Sync.State;
using Imap.Testing.Courier;
using Imap.Testing.Dovecot;

namespace Imap.Sync.Tests.Dovecot;

/// <summary>Runs the engine between Dovecot (local, TCP with LOGIN) and Courier (remote, a PREAUTH tunnel).</summary>
internal static class CourierSync
{
    private const string User = TwoDovecots.User;

    public static async Task<SyncSummary> RunAsync(
        DovecotServer dovecot, CourierServer courier, string databasePath, Func<IMailServer, SyncSide, IMailServer>? wrap = null, SyncOptions? options = null)
    {
        using var state = SyncStateStore.Open(databasePath);
        await using var local = await CyrusSync.OpenAsync(dovecot);
        await using var remote = await OpenAsync(courier);
        var engine = new SyncEngine(state, wrap?.Invoke(local, SyncSide.Local) ?? local, wrap?.Invoke(remote, SyncSide.Remote) ?? remote, options);
        return await engine.SyncAsync();
    }

    /// <summary>Courier's imapd through its tunnel command: pre-authenticated, nothing to log in.</summary>
    public static async Task<ImapMailServer> OpenAsync(CourierServer courier, Action<string>? trace = null)
    {
        var client = await ImapClient.ConnectAsync(new ImapClientOptions
        {
            Transport = new ImapTransportOptions { TunnelCommand = courier.TunnelCommand(User), ConnectTimeout = TimeSpan.FromSeconds(30) },
            CommandTimeout = TimeSpan.FromSeconds(60),
            Trace = trace,
        });
        Assert.True(client.IsPreAuthenticated, "Courier's tunnel greets with PREAUTH");
        return await ImapMailServer.OpenAsync(client);
    }
}
