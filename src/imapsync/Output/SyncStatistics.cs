namespace ImapSync.Cli.Output;

/// <summary>Counters of one run, updated from the engine's events (thread-safe) and read by the display.</summary>
internal sealed class SyncStatistics
{
    private long _mailboxesTotal;
    private long _mailboxesDone;
    private long _mailboxesCreated;
    private long _messagesToRemote;
    private long _messagesToLocal;
    private long _bytesToRemote;
    private long _bytesToLocal;
    private long _messagesPlannedToRemote;
    private long _messagesPlannedToLocal;
    private long _bytesPlannedToRemote;
    private long _bytesPlannedToLocal;
    private long _flagUpdates;
    private long _expunges;
    private long _conflicts;
    private long _adopted;
    private long _moved;
    private long _uidValidityRecoveries;
    private ServerTraffic _localTraffic = ServerTraffic.None;
    private ServerTraffic _remoteTraffic = ServerTraffic.None;

    public long MailboxesTotal => Interlocked.Read(ref _mailboxesTotal);

    public long MailboxesDone => Interlocked.Read(ref _mailboxesDone);

    public long MailboxesCreated => Interlocked.Read(ref _mailboxesCreated);

    /// <summary>Messages copied from the local server to the remote one.</summary>
    public long MessagesToRemote => Interlocked.Read(ref _messagesToRemote);

    public long MessagesToLocal => Interlocked.Read(ref _messagesToLocal);

    public long BytesToRemote => Interlocked.Read(ref _bytesToRemote);

    public long BytesToLocal => Interlocked.Read(ref _bytesToLocal);

    /// <summary>Messages announced for copying to the remote server so far (mailboxes report theirs as they reach them).</summary>
    public long MessagesPlannedToRemote => Interlocked.Read(ref _messagesPlannedToRemote);

    public long MessagesPlannedToLocal => Interlocked.Read(ref _messagesPlannedToLocal);

    public long BytesPlannedToRemote => Interlocked.Read(ref _bytesPlannedToRemote);

    public long BytesPlannedToLocal => Interlocked.Read(ref _bytesPlannedToLocal);

    public long FlagUpdates => Interlocked.Read(ref _flagUpdates);

    public long Expunges => Interlocked.Read(ref _expunges);

    public long Conflicts => Interlocked.Read(ref _conflicts);

    /// <summary>Messages found on both sides on a first sync and paired instead of copied.</summary>
    public long Adopted => Interlocked.Read(ref _adopted);

    /// <summary>Messages another client moved between mailboxes on one side, moved the same way on the other (not copied).</summary>
    public long Moved => Interlocked.Read(ref _moved);

    /// <summary>Mailboxes whose UIDVALIDITY changed and whose state was rebuilt by re-pairing.</summary>
    public long UidValidityRecoveries => Interlocked.Read(ref _uidValidityRecoveries);

    /// <summary>IMAP traffic with the local server during this run (all its connections).</summary>
    public ServerTraffic LocalTraffic => Volatile.Read(ref _localTraffic);

    public ServerTraffic RemoteTraffic => Volatile.Read(ref _remoteTraffic);

    public void AddTraffic(ServerTraffic local, ServerTraffic remote)
    {
        Accumulate(ref _localTraffic, local);
        Accumulate(ref _remoteTraffic, remote);
    }

    public void SetMailboxesTotal(long total) => Interlocked.Exchange(ref _mailboxesTotal, total);

    public void MailboxDone() => Interlocked.Increment(ref _mailboxesDone);

    public void MailboxCreated() => Interlocked.Increment(ref _mailboxesCreated);

    public void MessageCopied(bool toRemote, long bytes) => MessagesCopied(toRemote, 1, bytes);

    public void MessagesCopied(bool toRemote, long count, long bytes)
    {
        Interlocked.Add(ref toRemote ? ref _messagesToRemote : ref _messagesToLocal, count);
        Interlocked.Add(ref toRemote ? ref _bytesToRemote : ref _bytesToLocal, bytes);
    }

    public void CopyPlanned(bool toRemote, long count, long bytes)
    {
        Interlocked.Add(ref toRemote ? ref _messagesPlannedToRemote : ref _messagesPlannedToLocal, count);
        Interlocked.Add(ref toRemote ? ref _bytesPlannedToRemote : ref _bytesPlannedToLocal, bytes);
    }

    public void FlagsUpdated(long count = 1) => Interlocked.Add(ref _flagUpdates, count);

    public void Expunged(long count = 1) => Interlocked.Add(ref _expunges, count);

    public void Conflict(long count = 1) => Interlocked.Add(ref _conflicts, count);

    public void MessagesAdopted(long count) => Interlocked.Add(ref _adopted, count);

    public void MessagesMoved(long count) => Interlocked.Add(ref _moved, count);

    public void UidValidityRecovered() => Interlocked.Increment(ref _uidValidityRecoveries);

    /// <summary>Adds another run's counters (watch mode keeps a total across runs).</summary>
    public void Add(SyncStatistics other)
    {
        Interlocked.Add(ref _mailboxesDone, other.MailboxesDone);
        Interlocked.Add(ref _mailboxesCreated, other.MailboxesCreated);
        Interlocked.Add(ref _messagesToRemote, other.MessagesToRemote);
        Interlocked.Add(ref _messagesToLocal, other.MessagesToLocal);
        Interlocked.Add(ref _bytesToRemote, other.BytesToRemote);
        Interlocked.Add(ref _bytesToLocal, other.BytesToLocal);
        Interlocked.Add(ref _flagUpdates, other.FlagUpdates);
        Interlocked.Add(ref _expunges, other.Expunges);
        Interlocked.Add(ref _conflicts, other.Conflicts);
        Interlocked.Add(ref _adopted, other.Adopted);
        Interlocked.Add(ref _moved, other.Moved);
        Interlocked.Add(ref _uidValidityRecoveries, other.UidValidityRecoveries);
        AddTraffic(other.LocalTraffic, other.RemoteTraffic);
    }

    private static void Accumulate(ref ServerTraffic total, ServerTraffic more)
    {
        ServerTraffic seen, sum;
        do
        {
            seen = Volatile.Read(ref total);
            sum = seen.Plus(more);
        }
        // By reference: ServerTraffic is a record, so != would compare values and could end the loop
        // on a failed exchange when another thread stored an equal total (e.g. after adding zero).
        while (!ReferenceEquals(Interlocked.CompareExchange(ref total, sum, seen), seen));
    }
}
