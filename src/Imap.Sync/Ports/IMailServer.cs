namespace Imap.Sync.Ports;

/// <summary>
/// One authenticated connection to an IMAP server, reduced to what the engine needs. The engine never
/// sees protocol bytes; an adapter (see <c>ImapMailServer</c>) maps each call to IMAP commands.
/// Mailbox names are full server names in wire form (modified UTF-7), including any list reference.
/// Message operations apply to the mailbox of the last <see cref="SelectAsync"/> (on this instance:
/// each lane from <see cref="OpenLane"/> has its own).
/// </summary>
public interface IMailServer : IAsyncDisposable
{
    /// <summary>What the server offers (after any masking by configuration).</summary>
    ServerFeatures Features { get; }

    /// <summary>
    /// True when the server has sent MODSEQ values for the selected mailbox that cannot be trusted
    /// (negative ones) since it was selected: the engine then treats the mailbox as having no MODSEQ.
    /// </summary>
    bool SelectedModSeqUnusable => false;

    /// <summary>
    /// Another view of this same connection, for synchronizing one more mailbox at the same time: its
    /// message operations apply to the mailbox of its own last <see cref="SelectAsync"/>, whatever the
    /// other lanes select meanwhile (the adapter selects it again where needed). Null when the
    /// connection cannot be shared that way; the engine then takes mailboxes one at a time.
    /// Disposing a lane leaves the connection open.
    /// </summary>
    IMailServer? OpenLane() => null;

    /// <summary>LIST (LIST-EXTENDED with RETURN SUBSCRIBED/STATUS when offered and asked for).</summary>
    ValueTask<IReadOnlyList<ListedMailbox>> ListAsync(MailboxListQuery request, CancellationToken cancellationToken);

    /// <summary>
    /// NAMESPACE (RFC 2342): the prefix of the first personal namespace, in wire form; empty when the
    /// server does not offer NAMESPACE or reports no personal namespace.
    /// </summary>
    ValueTask<string> GetPersonalNamespacePrefixAsync(CancellationToken cancellationToken);

    /// <summary>STATUS (UIDVALIDITY UIDNEXT [HIGHESTMODSEQ]) for servers without LIST-STATUS.</summary>
    ValueTask<MailboxStatus> GetStatusAsync(string mailbox, CancellationToken cancellationToken);

    /// <summary>
    /// STATUS (MAILBOXID) (OBJECTID, RFC 8474): the id that stays with the mailbox across RENAME; null
    /// where <see cref="ServerFeatures.ObjectId"/> is not offered or the server gives none.
    /// </summary>
    ValueTask<string?> GetMailboxObjectIdAsync(string mailbox, CancellationToken cancellationToken);

    /// <summary>CREATE.</summary>
    ValueTask CreateMailboxAsync(string mailbox, CancellationToken cancellationToken);

    /// <summary>DELETE.</summary>
    ValueTask DeleteMailboxAsync(string mailbox, CancellationToken cancellationToken);

    /// <summary>RENAME; a refusal (tagged NO) is a <see cref="MailServerCommandException"/>.</summary>
    ValueTask RenameMailboxAsync(string oldName, string newName, CancellationToken cancellationToken);

    /// <summary>SUBSCRIBE or UNSUBSCRIBE.</summary>
    ValueTask SetSubscriptionAsync(string mailbox, bool subscribed, CancellationToken cancellationToken);

    /// <summary>
    /// SELECT, with QRESYNC parameters when given (the server then reports VANISHED (EARLIER) and changed
    /// flags since <see cref="QResyncState.HighestModSeq"/>).
    /// </summary>
    ValueTask<SelectedMailboxState> SelectAsync(string mailbox, QResyncState? qresync, CancellationToken cancellationToken);

    /// <summary>
    /// UID FETCH first:last (FLAGS [MODSEQ]) [(CHANGEDSINCE n)]. Only UIDs within the range are returned.
    /// </summary>
    ValueTask<IReadOnlyList<MessageFlags>> FetchFlagsAsync(uint first, uint last, ulong? changedSince, CancellationToken cancellationToken);

    /// <summary>
    /// UID FETCH 1:* (FLAGS MODSEQ) (CHANGEDSINCE n [VANISHED]) on the selected mailbox (CONDSTORE; without
    /// QRESYNC a UID SEARCH says which are gone), with the highest MODSEQ reported before it was sent:
    /// see <see cref="ChangesSince"/>. With QRESYNC it costs what changed since n, not the mailbox.
    /// </summary>
    ValueTask<ChangesSince> FetchChangesSinceAsync(ulong since, CancellationToken cancellationToken);

    /// <summary>
    /// Says that <see cref="FetchChangesSinceAsync"/>(<paramref name="since"/>) will be asked once the next
    /// write (<see cref="StoreFlagsAsync"/>, <see cref="ExpungeAsync"/>, or <see cref="AppendAsync"/> to this
    /// mailbox) on this mailbox is answered, with no other write in between: a server may send the question
    /// in the same flight as that write, and keep the answer for then (where another write came first, it
    /// asks again). By default it does nothing.
    /// </summary>
    void SendChangesSinceWithNextWrite(ulong since)
    {
    }

    /// <summary>
    /// As <see cref="SendChangesSinceWithNextWrite"/>, for <see cref="FetchUidsAsync"/>(first, last) with
    /// first at or above <paramref name="from"/> (the UIDs past our APPENDs). By default it does nothing.
    /// </summary>
    void SendUidsFromWithNextWrite(uint from)
    {
    }

    /// <summary>UID FETCH set (FLAGS [MODSEQ]) for exactly these UIDs (those still present answer).</summary>
    ValueTask<IReadOnlyList<MessageFlags>> FetchFlagsAsync(IReadOnlyList<uint> uids, CancellationToken cancellationToken);

    /// <summary>The UIDs present within first:last (UID SEARCH or UID FETCH (UID)); ascending.</summary>
    ValueTask<IReadOnlyList<uint>> FetchUidsAsync(uint first, uint last, CancellationToken cancellationToken);

    /// <summary>
    /// UID STORE set [(UNCHANGEDSINCE n)] FLAGS.SILENT (flags): replaces the whole flag list.
    /// Returns the UIDs the server refused because they changed meanwhile ([MODIFIED]).
    /// </summary>
    ValueTask<IReadOnlyList<uint>> StoreFlagsAsync(IReadOnlyList<uint> uids, IReadOnlyList<string> flags, ulong? unchangedSince, CancellationToken cancellationToken);

    /// <summary>UID STORE +FLAGS.SILENT (\Deleted) then UID EXPUNGE; returns the UIDs reported expunged.</summary>
    ValueTask<IReadOnlyList<uint>> ExpungeAsync(IReadOnlyList<uint> uids, CancellationToken cancellationToken);

    /// <summary>
    /// UID FETCH set (FLAGS INTERNALDATE BODY.PEEK[]), yielded as each message arrives so the caller can
    /// append while the fetch is still running.
    /// </summary>
    IAsyncEnumerable<FetchedMessage> FetchMessagesAsync(IReadOnlyList<uint> uids, CancellationToken cancellationToken);

    /// <summary>UID FETCH set (RFC822.SIZE INTERNALDATE BODY.PEEK[HEADER.FIELDS (MESSAGE-ID)]).</summary>
    ValueTask<IReadOnlyList<MessageFingerprint>> FetchFingerprintsAsync(IReadOnlyList<uint> uids, CancellationToken cancellationToken);

    /// <summary>
    /// Moves messages of the selected mailbox to <paramref name="mailbox"/>: UID MOVE (RFC 6851) where
    /// <see cref="ServerFeatures.Move"/> is offered, otherwise UID COPY, then UID STORE +FLAGS.SILENT
    /// (\Deleted) and UID EXPUNGE of the originals (<see cref="ServerFeatures.UidPlus"/> needed).
    /// A refusal is a <see cref="MailServerCommandException"/>; once it returns, every message moved.
    /// </summary>
    ValueTask<MovedUids> MoveAsync(IReadOnlyList<uint> uids, string mailbox, CancellationToken cancellationToken);

    /// <summary>APPEND (one MULTIAPPEND command when offered and several messages are given).</summary>
    ValueTask<AppendedUids> AppendAsync(string mailbox, IReadOnlyList<MessageToAppend> messages, CancellationToken cancellationToken);
}
