namespace Imap.Sync;

/// <summary>What a <see cref="SyncEvent"/> reports.</summary>
public enum SyncEventKind
{
    /// <summary>Informational line (InterIMAP prints these unless <c>--quiet</c>).</summary>
    Info,

    /// <summary>Something the user should know; the run goes on.</summary>
    Warning,

    /// <summary>A mailbox is being synchronized.</summary>
    MailboxStarted,

    /// <summary>A mailbox is done.</summary>
    MailboxFinished,

    /// <summary>A mailbox was created on <see cref="SyncEvent.Side"/>.</summary>
    MailboxCreated,

    /// <summary>A mailbox was deleted on <see cref="SyncEvent.Side"/> (or in the database when Side is null).</summary>
    MailboxDeleted,

    /// <summary>A mailbox was renamed on <see cref="SyncEvent.Side"/> (or in the database when Side is null).</summary>
    MailboxRenamed,

    /// <summary>A subscription changed on <see cref="SyncEvent.Side"/>.</summary>
    SubscriptionChanged,

    /// <summary><see cref="SyncEvent.Count"/> messages were appended to <see cref="SyncEvent.Side"/>.</summary>
    MessagesCopied,

    /// <summary><see cref="SyncEvent.Count"/> messages got new flags on <see cref="SyncEvent.Side"/>.</summary>
    FlagsUpdated,

    /// <summary><see cref="SyncEvent.Count"/> messages were expunged on <see cref="SyncEvent.Side"/>.</summary>
    MessagesExpunged,

    /// <summary>
    /// Flags changed on both sides; both got the union. <see cref="SyncEvent.Count"/> is the number of
    /// messages when one event reports several (0 or 1: one message).
    /// </summary>
    FlagConflict,

    /// <summary>
    /// On a mailbox's first sync, <see cref="SyncEvent.Count"/> messages present on both sides were
    /// paired (mapped) instead of copied both ways.
    /// </summary>
    MessagesAdopted,

    /// <summary>
    /// Sent once after the mailbox lists are reconciled: <see cref="SyncEvent.Count"/> mailboxes will be
    /// synchronized (those whose status is unchanged are left out), i.e. as many MailboxFinished to expect.
    /// </summary>
    Planned,

    /// <summary>
    /// A mailbox is about to copy <see cref="SyncEvent.Count"/> messages of <see cref="SyncEvent.Bytes"/>
    /// bytes to <see cref="SyncEvent.Side"/> (reported as each mailbox learns it, before the copies).
    /// </summary>
    CopyPlanned,

    /// <summary>
    /// A warning: the UIDVALIDITY of <see cref="SyncEvent.Side"/> (null: both sides) changed, and the mailbox's
    /// state was rebuilt instead of stopping: <see cref="SyncEvent.Count"/> messages were re-paired by
    /// fingerprint; the others are copied to the side that lacks them.
    /// </summary>
    UidValidityRecovered,

    /// <summary>
    /// <see cref="SyncEvent.Count"/> messages another client moved between two mailboxes on the other side
    /// were moved the same way on <see cref="SyncEvent.Side"/> (UID MOVE), not copied again.
    /// </summary>
    MessagesMoved,
}
