using Imap.Protocol.Auth;
using Imap.Protocol.Client;
using Imap.Protocol.Transport;
using Imap.Sync.Adapters;
using Imap.Sync.Ports;
using Imap.Sync.State;
using Imap.Testing.Dovecot;

namespace Imap.Sync.Tests.Dovecot;

/// <summary>Runs the engine between two real Dovecot servers through <see cref="ImapMailServer"/>.</summary>
internal static class DovecotSync
{
    public static async Task<SyncSummary> RunAsync(
        TwoDovecots servers,
        string databasePath,
        SyncOptions? options = null,
        Func<IMailServer, SyncSide, IMailServer>? wrap = null,
        Func<SyncEngine, Task<SyncSummary>>? action = null,
        List<SyncEvent>? events = null,
        ImapMailServerOptions? adapter = null,
        Action<string>? trace = null,
        CancellationToken cancellationToken = default)
    {
        using var state = SyncStateStore.Open(databasePath);
        await using var local = await OpenAsync(servers.Local, adapter, trace);
        await using var remote = await OpenAsync(servers.Remote, adapter, trace);
        var engine = new SyncEngine(
            state,
            wrap?.Invoke(local, SyncSide.Local) ?? local,
            wrap?.Invoke(remote, SyncSide.Remote) ?? remote,
            options,
            events is null ? null : new ListProgress(events),
            async (side, _) => await OpenAsync(side == SyncSide.Local ? servers.Local : servers.Remote, adapter, trace));
        return action is null ? await engine.SyncAsync(cancellationToken) : await action(engine);
    }

    /// <summary>Connects and logs in; <paramref name="trace"/> gets every protocol line (C:/S:), from several connections at once.</summary>
    public static async Task<ImapMailServer> OpenAsync(DovecotServer server, ImapMailServerOptions? adapter = null, Action<string>? trace = null)
    {
        var client = await ImapClient.ConnectAsync(new ImapClientOptions
        {
            Transport = new ImapTransportOptions { Host = server.Host, Port = server.Port, Security = ImapSecurity.None, ConnectTimeout = TimeSpan.FromSeconds(20) },
            CommandTimeout = TimeSpan.FromSeconds(60),
            Trace = trace,
            Limits = ImapMailServer.ReaderLimits, // as the CLI: bodies into the adapter's pooled memory
            PipelineDepth = ImapMailServer.PipelineDepth,
        });
        await client.AuthenticateAsync(new ImapCredentials { UserName = TwoDovecots.User, Password = server.PasswordOf(TwoDovecots.User) });
        return await ImapMailServer.OpenAsync(client, adapter);
    }

    private sealed class ListProgress(List<SyncEvent> events) : IProgress<SyncEvent>
    {
        public void Report(SyncEvent value)
        {
            lock (events)
            {
                events.Add(value);
            }
        }
    }
}
