using Imap.Protocol.Model;

namespace Imap.Protocol.Client;

/// <summary>
/// A selected mailbox as the server last described it. Each SELECT or EXAMINE gets its own model;
/// every untagged EXISTS, EXPUNGE, VANISHED, FETCH, FLAGS and response code received while the
/// connection is in that selection updates it, whichever command was running when it arrived.
/// </summary>
public sealed class SelectedMailbox
{
    private readonly Lock _sync = new();
    private List<UidRange> _vanished = [];
    private List<FetchResponse> _flagUpdates = [];

    internal SelectedMailbox(MailboxName name, bool readOnly)
    {
        Name = name;
        ReadOnly = readOnly;
    }

    /// <summary>The mailbox.</summary>
    public MailboxName Name { get; }

    /// <summary>True for EXAMINE or a READ-ONLY select.</summary>
    public bool ReadOnly { get; private set; }

    /// <summary>UIDVALIDITY.</summary>
    public UidValidity? UidValidity { get; private set; }

    /// <summary>UIDNEXT as last reported.</summary>
    public Uid? UidNext { get; private set; }

    /// <summary>HIGHESTMODSEQ as last reported by a response code.</summary>
    public ModSeq? HighestModSeq { get; private set; }

    /// <summary>True when the server said NOMODSEQ, or sent a negative MODSEQ for one of its messages.</summary>
    public bool NoModSeq { get; private set; }

    /// <summary>
    /// True when the server sent a VANISHED response that could not be read
    /// (<see cref="ImapQuirks.MalformedVanished"/>): expunges it reported may be unknown.
    /// </summary>
    public bool UnreadableVanished { get; private set; }

    /// <summary>True when the server said UIDNOTSTICKY.</summary>
    public bool UidNotSticky { get; private set; }

    /// <summary>Number of messages (EXISTS, minus expunges).</summary>
    public uint Exists { get; private set; }

    /// <summary>RECENT count.</summary>
    public uint Recent { get; private set; }

    /// <summary>FLAGS.</summary>
    public FlagSet Flags { get; private set; }

    /// <summary>PERMANENTFLAGS, or null when not sent.</summary>
    public FlagSet? PermanentFlags { get; private set; }

    /// <summary>True when PERMANENTFLAGS contains <c>\*</c>.</summary>
    public bool AllowsNewKeywords { get; private set; }

    /// <summary>
    /// True once the server left this mailbox (a later SELECT or EXAMINE, UNSELECT or CLOSE, or this
    /// SELECT failed): the model no longer changes.
    /// </summary>
    public bool IsClosed { get; private set; }

    /// <summary>Number of EXPUNGE responses seen (sequence-number expunges, without QRESYNC).</summary>
    public int ExpungeCount { get; private set; }

    /// <summary>Returns and forgets the UIDs reported by VANISHED (not EARLIER) so far.</summary>
    public UidSet TakeVanished()
    {
        lock (_sync)
        {
            var result = UidSet.FromRanges(_vanished);
            _vanished = [];
            return result;
        }
    }

    /// <summary>Returns and forgets FETCH responses no command asked for (flag changes made by others).</summary>
    public IReadOnlyList<FetchResponse> TakeUnsolicitedFetches()
    {
        lock (_sync)
        {
            var result = _flagUpdates;
            _flagUpdates = [];
            return result;
        }
    }

    internal void Apply(ImapResponse response)
    {
        switch (response)
        {
            case ExistsResponse exists:
                Exists = exists.Count;
                break;
            case RecentResponse recent:
                Recent = recent.Count;
                break;
            case ExpungeResponse:
                Exists = Exists > 0 ? Exists - 1 : 0;
                ExpungeCount++;
                break;
            case VanishedResponse { Earlier: false } vanished:
                Exists = (uint)Math.Max(0, Exists - vanished.Uids.Count);
                lock (_sync)
                {
                    _vanished.AddRange(vanished.Uids.Ranges);
                }
                break;
            case FlagsResponse flags:
                Flags = flags.Flags;
                break;
            case UnknownResponse { Keyword: "VANISHED" }:
                UnreadableVanished = true;
                break;
            case FetchResponse fetch:
                NoteModSeq(fetch.ModSeq);
                break;
            case StatusResponse { Code: { } code }:
                ApplyCode(code);
                break;
        }
    }

    internal void MarkClosed() => IsClosed = true;

    /// <summary>The MODSEQ of a FETCH response in this mailbox.</summary>
    internal void NoteModSeq(ModSeq? modSeq)
    {
        if (modSeq is { Value: 0 })
        {
            NoModSeq = true; // a negative MODSEQ (ImapQuirks.NegativeModSeq): none of them can be trusted
        }
    }

    internal void AddUnsolicitedFetch(FetchResponse fetch)
    {
        lock (_sync)
        {
            _flagUpdates.Add(fetch);
        }
    }

    internal void ApplyCode(ResponseCode code)
    {
        switch (code.Kind)
        {
            case ResponseCodeKind.UidValidity:
                UidValidity = code.UidValidity;
                break;
            case ResponseCodeKind.UidNext:
                UidNext = code.UidNext;
                break;
            case ResponseCodeKind.HighestModSeq:
                HighestModSeq = code.HighestModSeq;
                break;
            case ResponseCodeKind.NoModSeq:
                NoModSeq = true;
                break;
            case ResponseCodeKind.UidNotSticky:
                UidNotSticky = true;
                break;
            case ResponseCodeKind.PermanentFlags:
                PermanentFlags = code.PermanentFlags;
                AllowsNewKeywords = code.AllowsNewKeywords;
                break;
            case ResponseCodeKind.ReadOnly:
                ReadOnly = true;
                break;
            case ResponseCodeKind.ReadWrite:
                ReadOnly = false;
                break;
        }
    }
}
