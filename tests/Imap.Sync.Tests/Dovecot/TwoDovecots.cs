using Imap.Sync.State;
using Imap.Sync.Tests.Convergence;
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

    /// <summary>The UID of the INBOX message whose Message-ID is &lt;<paramref name="id"/>@x&gt;.</summary>
    public static async Task<uint> InboxUidAsync(DovecotServer server, string id) =>
        (await server.FetchMessagesAsync(User, "INBOX")).Single(m => m.MessageId == $"<{id}@x>").Uid;

    /// <summary>INBOX as sorted "Message-ID [flags]" lines.</summary>
    public static async Task<List<string>> InboxFlagLinesAsync(DovecotServer server) =>
        [.. (await server.FetchMessagesAsync(User, "INBOX")).Select(m => $"{m.MessageId} [{string.Join(' ', m.Flags)}]").Order(StringComparer.Ordinal)];

    /// <summary>
    /// The check after a writing run (see <see cref="ConvergenceCheck"/>): both servers list the same
    /// mailboxes whose name (with '/') starts with <paramref name="prefix"/>, the database knows no other,
    /// and in each one the database knows both servers hold the same
    /// messages with the same flags, and the database maps each to its counterpart with exactly those flags.
    /// Returns the local side's messages as <see cref="ReadBackAsync"/> lines, so callers read the servers once.
    /// </summary>
    public async Task<List<string>> AssertConvergedAsync(string databasePath, string prefix = "")
    {
        IReadOnlyList<(string Name, IReadOnlyList<MappedPair> Mappings)> mailboxes;
        using (var state = SyncStateStore.Open(databasePath, createIfMissing: false))
        {
            mailboxes = [.. state.GetMailboxes()
                .Where(m => m.Name.Replace('\0', '/').StartsWith(prefix, StringComparison.Ordinal))
                .Select(m => (m.Name, state.GetMappings(m.Id)))];
        }

        Assert.NotEmpty(mailboxes);
        var localListed = await ListedAsync(Local);
        Assert.Equal(localListed, await ListedAsync(Remote));
        Assert.Subset(localListed.ToHashSet(), mailboxes.Select(m => m.Name.Replace('\0', '/')).ToHashSet());

        var lines = new List<string>();
        foreach (var (name, mappings) in mailboxes)
        {
            var display = name.Replace('\0', '/');
            var local = await SeenAsync(Local, name);
            var remote = await SeenAsync(Remote, name);
            ConvergenceCheck.Mailbox(display, local, remote, mappings);
            lines.AddRange(local.Select(m => $"{display}: {m.Identity} [{string.Join(' ', m.Flags)}]"));
        }

        lines.Sort(StringComparer.Ordinal);
        return lines;

        async Task<List<string>> ListedAsync(DovecotServer server) =>
            [.. (await server.ListMailboxesAsync(User)).Select(m => m.Replace(server.HierarchySeparator, '/')).Where(m => m.StartsWith(prefix, StringComparison.Ordinal)).Order(StringComparer.Ordinal)];

        static async Task<List<SeenMessage>> SeenAsync(DovecotServer server, string neutral) =>
            [.. (await server.FetchMessagesAsync(User, neutral.Replace('\0', server.HierarchySeparator)))
                .Select(m => new SeenMessage(m.Uid, $"{m.MessageId} {m.Size} {m.InternalDate.ToUnixTimeSeconds()}", m.Flags))];
    }

    public async ValueTask DisposeAsync()
    {
        await Local.DisposeAsync();
        await Remote.DisposeAsync();
        Work.Dispose();
    }
}
