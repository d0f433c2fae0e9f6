using System.Runtime.CompilerServices;
using Imap.Sync.Ports;

namespace Imap.Sync.Tests.Fakes;

/// <summary>Wraps a real connection and lets a <see cref="Tripwire"/> kill the run around any operation.</summary>
internal sealed class KillingMailServer(IMailServer inner, Tripwire tripwire) : IMailServer
{
    public ServerFeatures Features => inner.Features;

    public ValueTask DisposeAsync() => ValueTask.CompletedTask;

    public ValueTask<IReadOnlyList<ListedMailbox>> ListAsync(ListRequest request, CancellationToken cancellationToken) =>
        Run("LIST", () => inner.ListAsync(request, cancellationToken));

    public ValueTask<MailboxStatus> GetStatusAsync(string mailbox, CancellationToken cancellationToken) =>
        Run("STATUS", () => inner.GetStatusAsync(mailbox, cancellationToken));

    public ValueTask CreateMailboxAsync(string mailbox, CancellationToken cancellationToken) =>
        Run("CREATE", () => inner.CreateMailboxAsync(mailbox, cancellationToken));

    public ValueTask DeleteMailboxAsync(string mailbox, CancellationToken cancellationToken) =>
        Run("DELETE", () => inner.DeleteMailboxAsync(mailbox, cancellationToken));

    public ValueTask RenameMailboxAsync(string oldName, string newName, CancellationToken cancellationToken) =>
        Run("RENAME", () => inner.RenameMailboxAsync(oldName, newName, cancellationToken));

    public ValueTask SetSubscriptionAsync(string mailbox, bool subscribed, CancellationToken cancellationToken) =>
        Run("SUBSCRIBE", () => inner.SetSubscriptionAsync(mailbox, subscribed, cancellationToken));

    public ValueTask<SelectedMailbox> SelectAsync(string mailbox, QResyncParameters? qresync, CancellationToken cancellationToken) =>
        Run("SELECT", () => inner.SelectAsync(mailbox, qresync, cancellationToken));

    public ValueTask<IReadOnlyList<MessageFlags>> FetchFlagsAsync(uint first, uint last, ulong? changedSince, CancellationToken cancellationToken) =>
        Run("FETCH", () => inner.FetchFlagsAsync(first, last, changedSince, cancellationToken));

    public ValueTask<IReadOnlyList<MessageFlags>> FetchFlagsAsync(IReadOnlyList<uint> uids, CancellationToken cancellationToken) =>
        Run("FETCH", () => inner.FetchFlagsAsync(uids, cancellationToken));

    public ValueTask<IReadOnlyList<uint>> FetchUidsAsync(uint first, uint last, CancellationToken cancellationToken) =>
        Run("SEARCH", () => inner.FetchUidsAsync(first, last, cancellationToken));

    public ValueTask<IReadOnlyList<uint>> StoreFlagsAsync(IReadOnlyList<uint> uids, IReadOnlyList<string> flags, ulong? unchangedSince, CancellationToken cancellationToken) =>
        Run("UID STORE", () => inner.StoreFlagsAsync(uids, flags, unchangedSince, cancellationToken));

    public ValueTask<IReadOnlyList<uint>> ExpungeAsync(IReadOnlyList<uint> uids, CancellationToken cancellationToken) =>
        Run("UID EXPUNGE", () => inner.ExpungeAsync(uids, cancellationToken));

    public async IAsyncEnumerable<FetchedMessage> FetchMessagesAsync(IReadOnlyList<uint> uids, [EnumeratorCancellation] CancellationToken cancellationToken)
    {
        tripwire.Before("FETCH BODY");
        await foreach (var message in inner.FetchMessagesAsync(uids, cancellationToken))
        {
            yield return message;
        }
    }

    public ValueTask<IReadOnlyList<MessageFingerprint>> FetchFingerprintsAsync(IReadOnlyList<uint> uids, CancellationToken cancellationToken) =>
        Run("FETCH FINGERPRINT", () => inner.FetchFingerprintsAsync(uids, cancellationToken));

    public ValueTask<AppendResult> AppendAsync(string mailbox, IReadOnlyList<MessageToAppend> messages, CancellationToken cancellationToken) =>
        Run("APPEND", () => inner.AppendAsync(mailbox, messages, cancellationToken));

    private async ValueTask<T> Run<T>(string name, Func<ValueTask<T>> operation)
    {
        tripwire.Before(name);
        var result = await operation();
        tripwire.After(name);
        return result;
    }

    private async ValueTask Run(string name, Func<ValueTask> operation)
    {
        tripwire.Before(name);
        await operation();
        tripwire.After(name);
    }
}
