using System.Runtime.CompilerServices;
using Imap.Sync.Ports;

namespace Imap.Sync.Tests.Fakes;

/// <summary>
/// Wraps a connection: a hook (e.g. a <see cref="Tripwire"/> that kills the run) around every operation,
/// optionally a gate that lets one operation at a time reach a server that is not thread-safe, and an
/// asynchronous step run before each operation (e.g. another client's change on a real server).
/// </summary>
internal sealed class HookedMailServer(IMailServer inner, IOperationHook? hook, SemaphoreSlim? gate = null, Func<string, Task>? beforeAsync = null) : IMailServer
{
    public ServerFeatures Features => inner.Features;

    public bool SelectedModSeqUnusable => inner.SelectedModSeqUnusable;

    /// <summary>
    /// Offers the inner connection's lanes, each wrapped with the same hook (off by default: most wrapped
    /// servers are run one mailbox at a time). A lane passes its own gate, if any.
    /// </summary>
    public bool OffersLanes { get; init; }

    public IMailServer? OpenLane() =>
        OffersLanes && inner.OpenLane() is { } lane ? new HookedMailServer(lane, hook, null, beforeAsync) { OffersLanes = true, OwnsInner = true } : null;

    // A wrapped lane is closed with its wrapper (a lane left open would hold its connection's flights).
    private bool OwnsInner { get; init; }

    public ValueTask DisposeAsync() => OwnsInner ? inner.DisposeAsync() : ValueTask.CompletedTask;

    public ValueTask<IReadOnlyList<ListedMailbox>> ListAsync(MailboxListQuery request, CancellationToken cancellationToken) =>
        Run("LIST", () => inner.ListAsync(request, cancellationToken));

    public ValueTask<string> GetPersonalNamespacePrefixAsync(CancellationToken cancellationToken) =>
        Run("NAMESPACE", () => inner.GetPersonalNamespacePrefixAsync(cancellationToken));

    public ValueTask<MailboxStatus> GetStatusAsync(string mailbox, CancellationToken cancellationToken) =>
        Run("STATUS", () => inner.GetStatusAsync(mailbox, cancellationToken));

    public ValueTask<string?> GetMailboxObjectIdAsync(string mailbox, CancellationToken cancellationToken) =>
        Run("STATUS MAILBOXID", () => inner.GetMailboxObjectIdAsync(mailbox, cancellationToken));

    public ValueTask CreateMailboxAsync(string mailbox, CancellationToken cancellationToken) =>
        Run("CREATE", () => inner.CreateMailboxAsync(mailbox, cancellationToken));

    public ValueTask DeleteMailboxAsync(string mailbox, CancellationToken cancellationToken) =>
        Run("DELETE", () => inner.DeleteMailboxAsync(mailbox, cancellationToken));

    public ValueTask RenameMailboxAsync(string oldName, string newName, CancellationToken cancellationToken) =>
        Run("RENAME", () => inner.RenameMailboxAsync(oldName, newName, cancellationToken));

    public ValueTask SetSubscriptionAsync(string mailbox, bool subscribed, CancellationToken cancellationToken) =>
        Run("SUBSCRIBE", () => inner.SetSubscriptionAsync(mailbox, subscribed, cancellationToken));

    public ValueTask<SelectedMailboxState> SelectAsync(string mailbox, QResyncState? qresync, CancellationToken cancellationToken) =>
        Run("SELECT", () => inner.SelectAsync(mailbox, qresync, cancellationToken));

    public ValueTask<IReadOnlyList<MessageFlags>> FetchFlagsAsync(uint first, uint last, ulong? changedSince, CancellationToken cancellationToken) =>
        Run("FETCH", () => inner.FetchFlagsAsync(first, last, changedSince, cancellationToken));

    public ValueTask<IReadOnlyList<MessageFlags>> FetchFlagsAsync(IReadOnlyList<uint> uids, CancellationToken cancellationToken) =>
        Run("FETCH", () => inner.FetchFlagsAsync(uids, cancellationToken));

    public ValueTask<ChangesSince> FetchChangesSinceAsync(ulong since, CancellationToken cancellationToken) =>
        Run("FETCH CHANGES", () => inner.FetchChangesSinceAsync(since, cancellationToken));

    public void SendChangesSinceWithNextWrite(ulong since) => inner.SendChangesSinceWithNextWrite(since);

    public void SendUidsFromWithNextWrite(uint from) => inner.SendUidsFromWithNextWrite(from);

    public ValueTask<IReadOnlyList<uint>> FetchUidsAsync(uint first, uint last, CancellationToken cancellationToken) =>
        Run("SEARCH", () => inner.FetchUidsAsync(first, last, cancellationToken));

    public ValueTask<IReadOnlyList<uint>> StoreFlagsAsync(IReadOnlyList<uint> uids, IReadOnlyList<string> flags, ulong? unchangedSince, CancellationToken cancellationToken) =>
        Run("UID STORE", () => inner.StoreFlagsAsync(uids, flags, unchangedSince, cancellationToken));

    public ValueTask<MovedUids> MoveAsync(IReadOnlyList<uint> uids, string mailbox, CancellationToken cancellationToken) =>
        Run("UID MOVE", () => inner.MoveAsync(uids, mailbox, cancellationToken));

    public ValueTask<IReadOnlyList<uint>> ExpungeAsync(IReadOnlyList<uint> uids, CancellationToken cancellationToken) =>
        Run("UID EXPUNGE", () => inner.ExpungeAsync(uids, cancellationToken));

    public async IAsyncEnumerable<FetchedMessage> FetchMessagesAsync(IReadOnlyList<uint> uids, [EnumeratorCancellation] CancellationToken cancellationToken)
    {
        hook?.Before("FETCH BODY");
        if (beforeAsync is not null)
        {
            await beforeAsync("FETCH BODY");
        }

        if (gate is null)
        {
            await foreach (var message in inner.FetchMessagesAsync(uids, cancellationToken))
            {
                yield return message;
            }

            yield break;
        }

        var all = await Run("FETCH BODY", async () =>
        {
            var list = new List<FetchedMessage>();
            await foreach (var message in inner.FetchMessagesAsync(uids, cancellationToken))
            {
                list.Add(message);
            }

            return list;
        }, hooked: false);
        foreach (var message in all)
        {
            yield return message;
        }
    }

    public ValueTask<IReadOnlyList<MessageFingerprint>> FetchFingerprintsAsync(IReadOnlyList<uint> uids, CancellationToken cancellationToken) =>
        Run("FETCH FINGERPRINT", () => inner.FetchFingerprintsAsync(uids, cancellationToken));

    public ValueTask<AppendedUids> AppendAsync(string mailbox, IReadOnlyList<MessageToAppend> messages, CancellationToken cancellationToken) =>
        Run("APPEND", () => inner.AppendAsync(mailbox, messages, cancellationToken));

    private async ValueTask<T> Run<T>(string name, Func<ValueTask<T>> operation, bool hooked = true)
    {
        if (hooked)
        {
            hook?.Before(name);
            if (beforeAsync is not null)
            {
                await beforeAsync(name);
            }
        }

        if (gate is not null)
        {
            await gate.WaitAsync();
        }

        T result;
        try
        {
            result = await operation();
        }
        finally
        {
            gate?.Release();
        }

        if (hooked)
        {
            hook?.After(name);
        }

        return result;
    }

    private async ValueTask Run(string name, Func<ValueTask> operation) =>
        await Run(name, async () =>
        {
            await operation();
            return true;
        });
}
