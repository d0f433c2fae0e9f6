using Imap.Sync;

namespace PackageConsumer;

/// <summary>One sync of A (local) with B (remote) through the library facade, as an embedding tool runs it.</summary>
internal static class Syncing
{
    public static async Task<SyncSummary> RunOnceAsync(int portA, int portB, string statePath, CancellationToken cancellationToken)
    {
        await using var sync = new AccountSync(Endpoint(portA), Endpoint(portB), statePath);
        var progress = 0;
        sync.Progress += (_, _) => Interlocked.Increment(ref progress);
        var summary = await sync.SyncAsync(cancellationToken);
        Check.That(progress > 0, "the sync reports progress events");
        return summary;
    }

    private static SyncEndpoint Endpoint(int port) => SyncEndpoint.Imap(Servers.Options(port), Servers.Alice);
}
