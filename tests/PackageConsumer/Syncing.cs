using Imap.Sync;
using Imap.Sync.Adapters;
using Imap.Sync.State;

namespace PackageConsumer;

/// <summary>One sync of A (local) with B (remote), as a tool embedding Imap.Sync would run it.</summary>
internal static class Syncing
{
    public static async Task<SyncSummary> RunOnceAsync(int portA, int portB, string statePath, CancellationToken cancellationToken)
    {
        using var state = SyncStateStore.Open(statePath);
        await using var local = await ImapMailServer.OpenAsync(await Servers.ConnectAsync(portA, cancellationToken), cancellationToken: cancellationToken);
        await using var remote = await ImapMailServer.OpenAsync(await Servers.ConnectAsync(portB, cancellationToken), cancellationToken: cancellationToken);
        return await new SyncEngine(state, local, remote).SyncAsync(cancellationToken);
    }
}
