using Imap.Testing.Cyrus;
using Imap.Testing.Dovecot;
using Imap.Testing.Faults;

namespace Imap.Sync.Tests.Dovecot;

/// <summary>
/// A Dovecot ('/' delimiter) as local and a Cyrus ('.', alternate namespace, which reports MAILBOXID and
/// EMAILID) as remote, with a state database in a temporary directory.
/// </summary>
internal sealed class CyrusAndDovecot : IAsyncDisposable
{
    private readonly TempDirectory _work = new();

    private CyrusAndDovecot(DovecotServer dovecot, CyrusServer cyrus)
    {
        Dovecot = dovecot;
        Cyrus = cyrus;
    }

    public DovecotServer Dovecot { get; }

    public CyrusServer Cyrus { get; }

    public string Database => _work.File("cyrus.db");

    public string Prefix => Cyrus.PersonalPrefix;

    public static async Task<CyrusAndDovecot> StartAsync()
    {
        Assert.True(CyrusServer.IsInstalled, "Cyrus is not unpacked: run test.sh");
        var dovecot = await DovecotServer.StartAsync(new DovecotOptions { HierarchySeparator = '/', Tls = false });
        try
        {
            return new CyrusAndDovecot(dovecot, await CyrusServer.StartAsync(new CyrusOptions { HierarchySeparator = '.', AltNamespace = true, Tls = false }));
        }
        catch
        {
            await dovecot.DisposeAsync();
            throw;
        }
    }

    /// <summary>One engine run between them.</summary>
    public Task<SyncSummary> SyncAsync() => CyrusSync.RunAsync(Dovecot, Cyrus, Database, Prefix);

    /// <summary>One engine run through a proxy in front of each server (which counts the bytes).</summary>
    public Task<SyncSummary> SyncAsync(FaultProxy dovecotProxy, FaultProxy cyrusProxy) =>
        CyrusSync.RunAsync(Dovecot, Cyrus, Database, Prefix, via: (dovecotProxy, cyrusProxy));

    public async ValueTask DisposeAsync()
    {
        await Cyrus.DisposeAsync();
        await Dovecot.DisposeAsync();
        _work.Dispose();
    }
}
