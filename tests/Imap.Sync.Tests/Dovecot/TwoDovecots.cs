using Imap.Testing.Dovecot;

namespace Imap.Sync.Tests.Dovecot;

/// <summary>Two real Dovecot servers, '/' on the local one and '.' on the remote one, and a scratch directory.</summary>
internal sealed class TwoDovecots : IAsyncDisposable
{
    public const string User = "alice";

    private TwoDovecots(DovecotServer local, DovecotServer remote)
    {
        Local = local;
        Remote = remote;
    }

    public DovecotServer Local { get; }

    public DovecotServer Remote { get; }

    public TempDirectory Work { get; } = new();

    public static async Task<TwoDovecots> StartAsync(
        DovecotCapabilityProfile localCapabilities = DovecotCapabilityProfile.Full,
        DovecotCapabilityProfile remoteCapabilities = DovecotCapabilityProfile.Full)
    {
        var localTask = DovecotServer.StartAsync(new DovecotOptions { HierarchySeparator = '/', Tls = false, Capabilities = localCapabilities });
        var remoteTask = DovecotServer.StartAsync(new DovecotOptions { HierarchySeparator = '.', Tls = false, Capabilities = remoteCapabilities });
        return new TwoDovecots(await localTask, await remoteTask);
    }

    /// <summary>Every mailbox's messages as "Message-ID [flags]" lines, with '/' as the delimiter in names.</summary>
    public static async Task<List<string>> ReadBackAsync(DovecotServer server, string prefix = "")
    {
        var lines = new List<string>();
        foreach (var mailbox in (await server.ListMailboxesAsync(User)).Where(m => m.StartsWith(prefix, StringComparison.Ordinal)))
        {
            var name = mailbox.Replace(server.HierarchySeparator, '/');
            foreach (var message in await server.FetchMessagesAsync(User, mailbox))
            {
                lines.Add($"{name}: {message.MessageId} {message.Size} {message.InternalDate.ToUnixTimeSeconds()} [{string.Join(' ', message.Flags)}]");
            }
        }

        lines.Sort(StringComparer.Ordinal);
        return lines;
    }

    public async ValueTask DisposeAsync()
    {
        await Local.DisposeAsync();
        await Remote.DisposeAsync();
        Work.Dispose();
    }
}
