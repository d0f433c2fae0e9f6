using System.Runtime.CompilerServices;
using System.Text;
using System.Text.RegularExpressions;
using Imap.Protocol.Model;
using Imap.Sync.Adapters;
using Imap.Sync.Ports;

namespace Imap.Sync.Tests.Fakes;

/// <summary>An <see cref="IMailServer"/> connection to a <see cref="FakeServer"/>.</summary>
/// <param name="appendReply">Rewrites what APPEND reports (a server whose APPENDUID is missing or wrong).</param>
internal sealed class FakeMailServer(FakeServer server, ServerFeatures features, IOperationHook? tripwire = null, Func<AppendedUids, AppendedUids>? appendReply = null) : IMailServer
{
    private FakeMailbox? _selected;
    private ulong _reported; // highest MODSEQ told to this connection since its SELECT, as Dovecot tells it

    public static ServerFeatures AllFeatures { get; } = new()
    {
        QResync = true, CondStore = true, ListExtended = true, ListStatus = true, MultiAppend = true, UidPlus = true, Move = true,
    };

    public ServerFeatures Features { get; } = features;

    /// <summary>What was asked of this connection, its lanes included.</summary>
    public List<string> Log { get; private init; } = [];

    /// <summary>
    /// With a gate, <see cref="OpenLane"/> gives lanes: more fake connections to the same server, one
    /// operation at a time through the gate (the fake server is not thread-safe), sharing the log.
    /// </summary>
    public SemaphoreSlim? LaneGate { get; init; }

    public IMailServer? OpenLane() => LaneGate is null
        ? null
        : new HookedMailServer(new FakeMailServer(server, Features, tripwire, appendReply) { Log = Log }, null, LaneGate);

    public ValueTask DisposeAsync() => ValueTask.CompletedTask;

    public ValueTask<IReadOnlyList<ListedMailbox>> ListAsync(MailboxListQuery request, CancellationToken cancellationToken)
    {
        Op("LIST");
        var result = new List<ListedMailbox>();
        if (request.Patterns is [""])
        {
            result.Add(new ListedMailbox("", server.Delimiter, ["\\NoSelect"], null));
            return Done<IReadOnlyList<ListedMailbox>>(result);
        }

        var subscribedOnly = request.SelectionOptions.Contains("SUBSCRIBED");
        foreach (var (name, box) in server.Mailboxes)
        {
            if (!request.Patterns.Any(p => Matches(request.Reference + p, name)))
            {
                continue;
            }

            var subscribed = server.Subscriptions.Contains(name);
            if (subscribedOnly && !subscribed)
            {
                continue;
            }

            var attributes = new List<string>();
            if (request.ReturnSubscribed && subscribed)
            {
                attributes.Add("\\Subscribed");
            }

            MailboxStatus? status = request.ReturnStatus && Features.ListStatus
                ? Status(box)
                : null;
            result.Add(new ListedMailbox(name, server.Delimiter, attributes, status));
        }

        return Done<IReadOnlyList<ListedMailbox>>(result);
    }

    public ValueTask<string> GetPersonalNamespacePrefixAsync(CancellationToken cancellationToken)
    {
        Op("NAMESPACE");
        return Done(server.PersonalPrefix);
    }

    public ValueTask<MailboxStatus> GetStatusAsync(string mailbox, CancellationToken cancellationToken)
    {
        Op("STATUS");
        var box = server[mailbox];
        return Done(Status(box));
    }

    public ValueTask<string?> GetMailboxObjectIdAsync(string mailbox, CancellationToken cancellationToken)
    {
        Op("STATUS MAILBOXID");
        return Done(Features.ObjectId ? server[mailbox].ObjectId : null);
    }

    public ValueTask CreateMailboxAsync(string mailbox, CancellationToken cancellationToken)
    {
        Op("CREATE");
        if (server.Mailboxes.ContainsKey(mailbox))
        {
            throw new MailServerCommandException("NO [ALREADYEXISTS] Mailbox already exists");
        }

        server.Create(mailbox);
        After("CREATE");
        return ValueTask.CompletedTask;
    }

    public ValueTask DeleteMailboxAsync(string mailbox, CancellationToken cancellationToken)
    {
        Op("DELETE");
        server.Mailboxes.Remove(mailbox);
        After("DELETE");
        return ValueTask.CompletedTask;
    }

    public ValueTask RenameMailboxAsync(string oldName, string newName, CancellationToken cancellationToken)
    {
        Op("RENAME");
        if (server.Mailboxes.ContainsKey(newName))
        {
            throw new MailServerCommandException("NO [ALREADYEXISTS] Mailbox already exists");
        }

        server.Rename(oldName, newName);
        After("RENAME");
        return ValueTask.CompletedTask;
    }

    public ValueTask SetSubscriptionAsync(string mailbox, bool subscribed, CancellationToken cancellationToken)
    {
        Op(subscribed ? "SUBSCRIBE" : "UNSUBSCRIBE");
        if (subscribed)
        {
            server.Subscriptions.Add(mailbox);
        }
        else
        {
            server.Subscriptions.Remove(mailbox);
        }

        After("SUBSCRIBE");
        return ValueTask.CompletedTask;
    }

    public ValueTask<SelectedMailboxState> SelectAsync(string mailbox, QResyncState? qresync, CancellationToken cancellationToken)
    {
        Op(qresync is null ? "SELECT" : "SELECT QRESYNC");
        if (qresync is not null && !Features.QResync)
        {
            throw new InvalidOperationException("QRESYNC parameters sent to a server without QRESYNC");
        }

        var box = server.Mailboxes.TryGetValue(mailbox, out var b) ? b : throw new MailServerCommandException("NO [NONEXISTENT] Mailbox doesn't exist: " + mailbox);
        _selected = box;
        var vanished = UidSet.Empty;
        IReadOnlyList<MessageFlags> changed = [];
        if (qresync is not null && qresync.UidValidity == box.UidValidity)
        {
            vanished = UidSet.FromUids(box.Expunged.Where(e => e.ModSeq > qresync.HighestModSeq && e.Uid < qresync.UidNext).Select(e => new Uid(e.Uid)));
            changed = [.. box.Messages.Values.Where(m => m.ModSeq > qresync.HighestModSeq).Select(Flags)];
        }

        var modSeq = Features.CondStore || Features.QResync ? box.HighestModSeq : 0;
        _reported = modSeq;
        return Done(new SelectedMailboxState(box.UidValidity, box.UidNext, modSeq, box.PermanentFlags, vanished, changed));
    }

    public ValueTask<IReadOnlyList<MessageFlags>> FetchFlagsAsync(uint first, uint last, ulong? changedSince, CancellationToken cancellationToken)
    {
        Op("UID FETCH FLAGS");
        if (changedSince is not null && !Features.CondStore)
        {
            throw new InvalidOperationException("CHANGEDSINCE sent to a server without CONDSTORE");
        }

        var box = Selected();
        return Done<IReadOnlyList<MessageFlags>>([.. box.Messages.Values
            .Where(m => m.Uid >= first && m.Uid <= last && (changedSince is null || m.ModSeq > changedSince))
            .Select(Flags)]);
    }

    public ValueTask<IReadOnlyList<MessageFlags>> FetchFlagsAsync(IReadOnlyList<uint> uids, CancellationToken cancellationToken)
    {
        Op("UID FETCH FLAGS");
        var box = Selected();
        return Done<IReadOnlyList<MessageFlags>>([.. uids.Where(box.Messages.ContainsKey).Select(u => Flags(box.Messages[u]))]);
    }

    public ValueTask<ChangesSince> FetchChangesSinceAsync(ulong since, CancellationToken cancellationToken)
    {
        var reported = _reported;
        if (reported <= since)
        {
            return Done(new ChangesSince([], UidSet.Empty, reported)); // not asked, like the real adapter
        }

        Op("FETCH CHANGES");
        if (!Features.CondStore)
        {
            throw new InvalidOperationException("CHANGEDSINCE sent to a server without CONDSTORE");
        }

        var box = Selected();
        IReadOnlyList<MessageFlags> changed = [.. box.Messages.Values.Where(m => m.ModSeq > since).Select(Flags)];
        // QRESYNC: the expunges since `since`; without it, as a UID SEARCH tells, every UID not present.
        var vanished = Features.QResync
            ? UidSet.FromUids(box.Expunged.Where(e => e.ModSeq > since).Select(e => new Uid(e.Uid)))
            : AbsentUids.Outside(UidSet.FromUids(box.Messages.Keys.Select(u => new Uid(u))));
        return Done(new ChangesSince(changed, vanished, reported));
    }

    public ValueTask<IReadOnlyList<uint>> FetchUidsAsync(uint first, uint last, CancellationToken cancellationToken)
    {
        Op("UID SEARCH");
        return Done<IReadOnlyList<uint>>([.. Selected().Messages.Keys.Where(u => u >= first && u <= last)]);
    }

    public ValueTask<IReadOnlyList<uint>> StoreFlagsAsync(IReadOnlyList<uint> uids, IReadOnlyList<string> flags, ulong? unchangedSince, CancellationToken cancellationToken)
    {
        Op("UID STORE");
        var box = Selected();
        var refused = new List<uint>();
        foreach (var uid in uids)
        {
            if (!box.Messages.TryGetValue(uid, out var message))
            {
                continue;
            }

            if (unchangedSince is { } since && message.ModSeq > since)
            {
                refused.Add(uid);
                continue;
            }

            box.SetFlags(uid, flags);
            Report(message.ModSeq);
        }

        After("UID STORE");
        return Done<IReadOnlyList<uint>>(refused);
    }

    public ValueTask<IReadOnlyList<uint>> ExpungeAsync(IReadOnlyList<uint> uids, CancellationToken cancellationToken)
    {
        Op("UID EXPUNGE");
        var box = Selected();
        var gone = uids.Where(box.Messages.ContainsKey).ToList();
        foreach (var uid in gone)
        {
            box.Expunge(uid);
        }

        ReportHighest(box);
        After("UID EXPUNGE");
        return Done<IReadOnlyList<uint>>(gone);
    }

    public async IAsyncEnumerable<FetchedMessage> FetchMessagesAsync(IReadOnlyList<uint> uids, [EnumeratorCancellation] CancellationToken cancellationToken)
    {
        Op("UID FETCH BODY");
        var box = Selected();
        foreach (var uid in uids)
        {
            await Task.Yield();
            FetchedMessage? fetched = null;
            lock (box.Sync)
            {
                if (box.Messages.TryGetValue(uid, out var m))
                {
                    fetched = new FetchedMessage(m.Uid, [.. m.Flags], m.InternalDate, m.Body) { EmailId = EmailIdOf(m) };
                }
            }

            if (fetched is not null)
            {
                yield return fetched;
            }
        }
    }

    public ValueTask<IReadOnlyList<MessageFingerprint>> FetchFingerprintsAsync(IReadOnlyList<uint> uids, CancellationToken cancellationToken)
    {
        Op("UID FETCH FINGERPRINT");
        var box = Selected();
        return Done<IReadOnlyList<MessageFingerprint>>([.. uids.Where(box.Messages.ContainsKey).Select(u =>
        {
            var m = box.Messages[u];
            return new MessageFingerprint(u, m.Body.Length, m.InternalDate, MessageId(m.Text)) { EmailId = EmailIdOf(m) };
        })]);
    }

    // UID MOVE, or (without MOVE) UID COPY, UID STORE +FLAGS (\Deleted) and UID EXPUNGE as separate
    // operations, so a kill can fall between them; COPYUID only with UIDPLUS, as servers give it.
    public ValueTask<MovedUids> MoveAsync(IReadOnlyList<uint> uids, string mailbox, CancellationToken cancellationToken)
    {
        var box = Selected();
        var target = server[mailbox];
        var present = uids.Where(box.Messages.ContainsKey).ToList();
        Op(Features.Move ? "UID MOVE" : "UID COPY");
        var copied = present.ToDictionary(uid => uid, uid =>
        {
            var m = box.Messages[uid];
            return target.Add(m.Body, m.Flags, m.InternalDate, m.EmailId).Uid;
        });
        if (!Features.Move)
        {
            After("UID COPY");
            Op("UID STORE");
            foreach (var uid in present)
            {
                box.Messages[uid].Flags.Add("\\Deleted");
                box.Messages[uid].ModSeq = ++box.HighestModSeq;
            }

            After("UID STORE");
            Op("UID EXPUNGE");
        }

        foreach (var uid in present)
        {
            box.Expunge(uid);
        }

        ReportHighest(box);
        After(Features.Move ? "UID MOVE" : "UID EXPUNGE");
        return Done(Features.UidPlus ? new MovedUids(target.UidValidity, copied) : new MovedUids(null, new Dictionary<uint, uint>()));
    }

    public ValueTask<AppendedUids> AppendAsync(string mailbox, IReadOnlyList<MessageToAppend> messages, CancellationToken cancellationToken)
    {
        Op("APPEND");
        var box = server[mailbox];
        var uids = new List<uint>();
        foreach (var message in messages)
        {
            if (!message.Flags.All(box.CanStore))
            {
                throw new InvalidOperationException("APPEND with a flag outside PERMANENTFLAGS");
            }

            uids.Add(box.Add(message.Body.ToArray(), message.Flags, message.InternalDate).Uid);
        }

        if (box == _selected)
        {
            ReportHighest(box);
        }

        After("APPEND");
        var reply = Features.UidPlus ? new AppendedUids(box.UidValidity, uids) : new AppendedUids(null, null);
        return Done(appendReply?.Invoke(reply) ?? reply);
    }

    private static MessageFlags Flags(FakeMessage m) => new(m.Uid, [.. m.Flags], m.ModSeq);

    private string? EmailIdOf(FakeMessage message) => Features.MessageIds ? message.EmailId : null;

    private static string? MessageId(string text) =>
        text.Split('\n').FirstOrDefault(l => l.StartsWith("Message-ID:", StringComparison.OrdinalIgnoreCase))?["Message-ID:".Length..].Trim();

    private bool Matches(string pattern, string name)
    {
        var delimiter = server.Delimiter is { } d ? Regex.Escape(d.ToString()) : "";
        var regex = new StringBuilder("^");
        foreach (var c in pattern)
        {
            regex.Append(c switch
            {
                '*' => ".*",
                '%' => delimiter.Length > 0 ? $"[^{delimiter}]*" : ".*",
                _ => Regex.Escape(c.ToString()),
            });
        }

        return Regex.IsMatch(name, regex.Append('$').ToString(), RegexOptions.None);
    }

    // Only the MODSEQ of a change: another client's later changes are not told until asked.
    private void Report(ulong modSeq) => _reported = Math.Max(_reported, Features.CondStore ? modSeq : 0);

    // Dovecot sends [HIGHESTMODSEQ] after an APPEND to the selected mailbox and with UID EXPUNGE's OK
    // only when QRESYNC is enabled; with CONDSTORE alone only our STOREs' MODSEQs are told.
    private void ReportHighest(FakeMailbox box)
    {
        if (Features.QResync)
        {
            Report(box.HighestModSeq);
        }
    }

    private FakeMailbox Selected() => _selected ?? throw new InvalidOperationException("no mailbox selected");

    private MailboxStatus Status(FakeMailbox box) =>
        new(box.UidValidity, box.UidNext, Features.CondStore ? box.HighestModSeq : 0);

    private void Op(string name)
    {
        Log.Add(name);
        tripwire?.Before(name);
    }

    private void After(string name) => tripwire?.After(name);

    private static ValueTask<T> Done<T>(T value) => ValueTask.FromResult(value);
}
