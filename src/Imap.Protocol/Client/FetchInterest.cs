using Imap.Protocol.Model;

namespace Imap.Protocol.Client;

/// <summary>
/// The FETCH data one command (UID FETCH or UID STORE) waits for: which messages, which items, and
/// which of them each message has already answered. A server may run pipelined commands in parallel
/// and interleave their answers (Dovecot does), so a FETCH response goes to every command in flight
/// that still waits for an item it carries, not only to the first: two FETCHes of one message each get
/// an answer whichever finishes first, and an answer never counts twice for one command.
/// </summary>
internal sealed class FetchInterest
{
    private const ulong UidOnly = 1;
    private const ulong Flags = 1 << 1;
    private const ulong ModSeq = 1 << 2;
    private const ulong InternalDate = 1 << 3;
    private const ulong Size = 1 << 4;
    private const ulong Envelope = 1 << 5;
    private const ulong BodyStructure = 1 << 6;
    private const ulong ObjectIds = 1 << 7;
    private const ulong GmailMessageId = 1 << 8;
    private const int FirstBodyBit = 9;

    private readonly ulong _requested;
    private readonly BodyItemKey[] _bodies;
    private readonly Action<FetchResponse>? _deliver;
    private readonly Action<FetchedFlags>? _deliverFlags;
    private readonly Dictionary<uint, ulong> _received = []; // read loop only
    private readonly AnsweredUids _answered = new(); // a FetchedFlags taker's, read loop only

    private FetchInterest(UidSet uids, ulong requested, BodyItemKey[] bodies, Action<FetchResponse>? deliver, Action<FetchedFlags>? deliverFlags)
    {
        Uids = uids;
        _bodies = bodies;
        _deliver = deliver;
        _deliverFlags = deliverFlags;
        // A command that asks for nothing but UID takes any answer naming one of its messages.
        _requested = requested == 0 && bodies.Length == 0 ? UidOnly : requested | BodyBits(bodies.Length);
    }

    /// <summary>True when the command takes its answers as <see cref="FetchedFlags"/> (see <see cref="ForFlags"/>).</summary>
    public bool TakesFlags => _deliverFlags is not null;

    /// <summary>The messages the command fetches or stores.</summary>
    public UidSet Uids { get; }

    /// <summary>True when the command fetches body sections.</summary>
    public bool AsksBodies => _bodies.Length > 0;

    /// <summary>What a UID FETCH of <paramref name="request"/> waits for.</summary>
    public static FetchInterest ForFetch(UidSet uids, FetchRequest request, Action<FetchResponse> deliver)
    {
        var requested = (request.Flags ? Flags : 0) | (request.ModSeq ? ModSeq : 0) | (request.InternalDate ? InternalDate : 0)
            | (request.Size ? Size : 0) | (request.Envelope ? Envelope : 0) | (request.BodyStructure ? BodyStructure : 0)
            | (request.ObjectIds ? ObjectIds : 0) | (request.GmailMessageId ? GmailMessageId : 0);
        var bodies = request.BodyItems.Select(BodyItemKey.FromRequest).OfType<BodyItemKey>().ToArray();
        return new FetchInterest(uids, requested, bodies, deliver, null);
    }

    /// <summary>
    /// What a UID FETCH of FLAGS (and MODSEQ) that takes its answers as <see cref="FetchedFlags"/> waits
    /// for: one response per message, and only one that carries FLAGS (a <c>FETCH (UID n MODSEQ (m))</c>
    /// does not answer it).
    /// </summary>
    public static FetchInterest ForFlags(UidSet uids, bool modSeq, Action<FetchedFlags> deliver) =>
        new(uids, Flags | (modSeq ? ModSeq : 0), [], null, deliver);

    /// <summary>
    /// What a UID STORE waits for: the new FLAGS (and MODSEQ), or for a silent STORE only the MODSEQ a
    /// CONDSTORE server reports anyway (<c>FETCH (UID n MODSEQ (m))</c>).
    /// </summary>
    public static FetchInterest ForStore(UidSet uids, bool silent, Action<FetchResponse> deliver) =>
        new(uids, silent ? ModSeq : Flags | ModSeq, [], deliver, null);

    /// <summary>True when a body of <paramref name="uid"/> is still awaited (so a streamed body may go to this command's sink).</summary>
    public bool AwaitsBody(Uid uid)
    {
        if (!AsksBodies || !Uids.Contains(uid))
        {
            return false;
        }
        var bodies = BodyBits(_bodies.Length);
        return (_received.GetValueOrDefault(uid.Value) & bodies) != bodies;
    }

    /// <summary>
    /// Gives <paramref name="fetch"/> to the command when it carries an item the command asked for
    /// and has not had yet for that message. True when delivered.
    /// </summary>
    /// <param name="fetch">A FETCH response with a UID.</param>
    /// <param name="bodyStreamedElsewhere">Its bodies went to another command's sink: useless to one that asked for bodies.</param>
    public bool Offer(FetchResponse fetch, bool bodyStreamedElsewhere)
    {
        if (fetch.Uid is not { } uid || (bodyStreamedElsewhere && AsksBodies) || !Take(uid, ItemsOf(fetch)))
        {
            return false;
        }
        if (_deliverFlags is not null)
        {
            _deliverFlags(new FetchedFlags(uid, fetch.Flags!.Value, fetch.ModSeq));
        }
        else
        {
            _deliver!(fetch);
        }
        return true;
    }

    /// <summary>
    /// Whether the command would take a response of UID, FLAGS and MODSEQ (the items <paramref name="fetched"/>
    /// carries), without taking it.
    /// </summary>
    public bool Wants(in FetchedFlags fetched) => Wanted(fetched.Uid, ItemsOf(fetched), out _);

    /// <summary>
    /// Gives <paramref name="fetched"/> to a command that takes <see cref="FetchedFlags"/> when it carries an
    /// item the command asked for and has not had yet for that message. True when delivered.
    /// </summary>
    public bool Offer(in FetchedFlags fetched)
    {
        if (_deliverFlags is null || !Take(fetched.Uid, ItemsOf(fetched)))
        {
            return false;
        }
        _deliverFlags(fetched);
        return true;
    }

    // Records that `uid` answered `items` when the command still waits for one of them.
    private bool Take(Uid uid, ulong items)
    {
        if (!Wanted(uid, items, out var received))
        {
            return false;
        }
        if (_deliverFlags is not null)
        {
            return _answered.Add(uid.Value);
        }
        _received[uid.Value] = received;
        return true;
    }

    private bool Wanted(Uid uid, ulong items, out ulong received)
    {
        received = 0;
        // A command taking FetchedFlags is answered only by a response with FLAGS, once per message.
        if (!Uids.Contains(uid) || (_deliverFlags is not null && (items & Flags) == 0))
        {
            return false;
        }
        if (_deliverFlags is not null)
        {
            return !_answered.Contains(uid.Value);
        }
        var had = _received.GetValueOrDefault(uid.Value);
        var carried = items & _requested;
        received = had | carried;
        return (carried & ~had) != 0;
    }

    private static ulong ItemsOf(in FetchedFlags fetched) => UidOnly | Flags | (fetched.ModSeq is null ? 0 : ModSeq);

    private ulong ItemsOf(FetchResponse fetch)
    {
        var items = UidOnly | (fetch.Flags is null ? 0 : Flags) | (fetch.ModSeq is null ? 0 : ModSeq)
            | (fetch.InternalDate is null ? 0 : InternalDate) | (fetch.Rfc822Size is null ? 0 : Size)
            | (fetch.Envelope is null ? 0 : Envelope) | (fetch.BodyStructure is null ? 0 : BodyStructure)
            | (fetch.EmailId is null && fetch.ThreadId is null ? 0 : ObjectIds) | (fetch.GmailMessageId is null ? 0 : GmailMessageId);
        foreach (var body in fetch.Bodies)
        {
            var index = BodyItemKey.IndexOf(_bodies, body);
            if (index >= 0)
            {
                items |= BodyBit(index);
            }
        }
        return items;
    }

    private static ulong BodyBit(int index) => 1UL << Math.Min(FirstBodyBit + index, 63);

    private static ulong BodyBits(int count)
    {
        ulong bits = 0;
        for (var i = 0; i < count; i++)
        {
            bits |= BodyBit(i);
        }
        return bits;
    }
}
