namespace Imap.Sync;

/// <summary>What a run did. Counters are totals over all mailboxes.</summary>
public sealed record SyncSummary
{
    /// <summary>Mailboxes looked at (selected) in this run.</summary>
    public int MailboxesSynced { get; init; }

    /// <summary>Mailboxes skipped because their status equalled the stored state.</summary>
    public int MailboxesUnchanged { get; init; }

    /// <summary>Mailboxes created on either side.</summary>
    public int MailboxesCreated { get; init; }

    /// <summary>Messages appended to the local side.</summary>
    public int MessagesCopiedToLocal { get; init; }

    /// <summary>Messages appended to the remote side.</summary>
    public int MessagesCopiedToRemote { get; init; }

    /// <summary>Messages another client moved between mailboxes on one side that were moved the same way on the other, not copied.</summary>
    public int MessagesMoved { get; init; }

    /// <summary>Messages whose flags were replaced on either side.</summary>
    public int FlagUpdates { get; init; }

    /// <summary>Messages expunged on either side.</summary>
    public int Expunges { get; init; }

    /// <summary>Messages found on both sides on a mailbox's first sync and paired instead of copied.</summary>
    public int MessagesAdopted { get; init; }

    /// <summary>Mailboxes whose UIDVALIDITY changed on a side and whose state was rebuilt (re-paired by fingerprint).</summary>
    public int UidValidityRecoveries { get; init; }

    /// <summary>Flag conflicts resolved by union (messages).</summary>
    public int Conflicts { get; init; }

    /// <summary>Warnings reported.</summary>
    public int Warnings { get; init; }

    /// <summary>Message bytes appended (both directions).</summary>
    public long BytesCopied { get; init; }

    /// <summary>
    /// True when <see cref="SyncOptions.StopRequested"/> left mailboxes for the next run: not started, or
    /// stopped at a safe point with what was done so far committed (<see cref="MailboxesNotStarted"/>).
    /// </summary>
    public bool StoppedEarly => MailboxesNotStarted > 0;

    /// <summary>Mailboxes left for the next run because a stop was requested (see <see cref="StoppedEarly"/>).</summary>
    public int MailboxesNotStarted { get; init; }

    /// <summary>Mailboxes that stopped with an error while the others went on (see <see cref="Errors"/>).</summary>
    public IReadOnlyList<SyncException> Errors { get; init; } = [];
}
