using Imap.Testing.Dovecot;
using Imap.Testing.Tls;

namespace Imap.Testing.Seeding;

/// <summary>
/// A fixture server without doveadm (Cyrus, Courier): seeding and read-back helpers over one IMAP
/// session per call (<see cref="OpenSeedSessionAsync"/>). Same shapes as <see cref="DovecotServer"/>'s;
/// mailbox names are Unicode, in the server's separator and namespace.
/// </summary>
public abstract class SessionSeededServer : LocalImapServer
{
    private protected SessionSeededServer(string directory, TestCertificate? certificate)
        : base(directory, certificate)
    {
    }

    /// <summary>False for a server without CONDSTORE: read-back then asks for no MODSEQ (reported as 0).</summary>
    private protected virtual bool HasModSeq => true;

    /// <summary>Creates a mailbox.</summary>
    public override Task CreateMailboxAsync(string user, string mailbox, CancellationToken cancellationToken = default) =>
        WithSessionAsync(user, s => s.CreateAsync(mailbox, cancellationToken), cancellationToken);

    /// <summary>Deletes a mailbox and its messages.</summary>
    public override Task DeleteMailboxAsync(string user, string mailbox, CancellationToken cancellationToken = default) =>
        WithSessionAsync(user, s => s.DeleteAsync(mailbox, cancellationToken), cancellationToken);

    /// <summary>Renames a mailbox.</summary>
    public override Task RenameMailboxAsync(string user, string oldName, string newName, CancellationToken cancellationToken = default) =>
        WithSessionAsync(user, s => s.RenameAsync(oldName, newName, cancellationToken), cancellationToken);

    /// <summary>Subscribes to a mailbox.</summary>
    public override Task SubscribeAsync(string user, string mailbox, CancellationToken cancellationToken = default) =>
        WithSessionAsync(user, s => s.SubscribeAsync(mailbox, cancellationToken), cancellationToken);

    /// <summary>All mailbox names of a user (or only the subscribed ones), sorted ordinally.</summary>
    public override Task<IReadOnlyList<string>> ListMailboxesAsync(string user, bool subscribedOnly = false, CancellationToken cancellationToken = default) =>
        WithSessionAsync(user, s => s.ListAsync(subscribedOnly, cancellationToken), cancellationToken);

    /// <summary>MESSAGES, UIDNEXT, UIDVALIDITY and HIGHESTMODSEQ of a mailbox.</summary>
    public override Task<DovecotMailboxStatus> GetMailboxStatusAsync(string user, string mailbox, CancellationToken cancellationToken = default) =>
        WithSessionAsync(user, s => s.StatusAsync(mailbox, HasModSeq, cancellationToken), cancellationToken);

    /// <summary>Appends messages in order over one session; returns their UIDs.</summary>
    public override Task<IReadOnlyList<uint>> AppendAsync(string user, string mailbox, IEnumerable<SeedMessage> messages, CancellationToken cancellationToken = default) =>
        WithSessionAsync<IReadOnlyList<uint>>(user, async s =>
        {
            var uids = new List<uint>();
            foreach (var message in messages)
            {
                uids.Add(await s.AppendAsync(mailbox, message, cancellationToken));
            }

            return uids;
        }, cancellationToken);

    /// <summary>Adds flags to the given messages.</summary>
    public override Task AddFlagsAsync(string user, string mailbox, IReadOnlyCollection<uint> uids, IReadOnlyCollection<string> flags, CancellationToken cancellationToken = default) =>
        WithSessionAsync(user, s => s.StoreAsync(mailbox, uids, "+FLAGS.SILENT", flags, cancellationToken), cancellationToken);

    /// <summary>Removes flags from the given messages.</summary>
    public override Task RemoveFlagsAsync(string user, string mailbox, IReadOnlyCollection<uint> uids, IReadOnlyCollection<string> flags, CancellationToken cancellationToken = default) =>
        WithSessionAsync(user, s => s.StoreAsync(mailbox, uids, "-FLAGS.SILENT", flags, cancellationToken), cancellationToken);

    /// <summary>Replaces the flags of the given messages; an empty list clears them.</summary>
    public override Task ReplaceFlagsAsync(string user, string mailbox, IReadOnlyCollection<uint> uids, IReadOnlyCollection<string> flags, CancellationToken cancellationToken = default) =>
        WithSessionAsync(user, s => s.StoreAsync(mailbox, uids, "FLAGS.SILENT", flags, cancellationToken), cancellationToken);

    /// <summary>Expunges exactly the given messages (UID EXPUNGE).</summary>
    public override Task ExpungeAsync(string user, string mailbox, IReadOnlyCollection<uint> uids, CancellationToken cancellationToken = default) =>
        WithSessionAsync(user, s => s.ExpungeAsync(mailbox, uids, cancellationToken), cancellationToken);

    /// <summary>Moves the given messages to another mailbox, as another client's UID MOVE.</summary>
    public Task MoveAsync(string user, string mailbox, IReadOnlyCollection<uint> uids, string destination, CancellationToken cancellationToken = default) =>
        WithSessionAsync(user, s => s.MoveAsync(mailbox, uids, destination, cancellationToken), cancellationToken);

    /// <summary>UID, flags, INTERNALDATE, Message-ID, size and MODSEQ of every message, by UID.</summary>
    public override Task<IReadOnlyList<StoredMessage>> FetchMessagesAsync(string user, string mailbox, CancellationToken cancellationToken = default) =>
        WithSessionAsync(user, s => s.FetchAllAsync(mailbox, HasModSeq, cancellationToken), cancellationToken);

    /// <summary>The exact bytes of one message (\Seen is not set).</summary>
    public override Task<byte[]> FetchMessageBytesAsync(string user, string mailbox, uint uid, CancellationToken cancellationToken = default) =>
        WithSessionAsync(user, s => s.FetchBytesAsync(mailbox, uid, cancellationToken), cancellationToken);

    private Task WithSessionAsync(string user, Func<ImapSeedSession, Task> action, CancellationToken cancellationToken) =>
        WithSessionAsync<bool>(user, async s =>
        {
            await action(s);
            return true;
        }, cancellationToken);

    private async Task<T> WithSessionAsync<T>(string user, Func<ImapSeedSession, Task<T>> action, CancellationToken cancellationToken)
    {
        await using var session = await OpenSeedSessionAsync(user, cancellationToken);
        return await action(session);
    }

    /// <summary>A session logged in (or pre-authenticated) as <paramref name="user"/>.</summary>
    private protected abstract Task<ImapSeedSession> OpenSeedSessionAsync(string user, CancellationToken cancellationToken);
}
