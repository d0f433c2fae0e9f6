using Imap.Protocol.Model;
using Imap.Protocol.Parsing;

namespace Imap.Protocol.Client;

/// <summary>What a UID FETCH asks for. UID is always included.</summary>
public sealed class FetchRequest
{
    /// <summary>FLAGS.</summary>
    public bool Flags { get; init; }

    /// <summary>MODSEQ (CONDSTORE).</summary>
    public bool ModSeq { get; init; }

    /// <summary>INTERNALDATE.</summary>
    public bool InternalDate { get; init; }

    /// <summary>RFC822.SIZE.</summary>
    public bool Size { get; init; }

    /// <summary>ENVELOPE.</summary>
    public bool Envelope { get; init; }

    /// <summary>BODYSTRUCTURE.</summary>
    public bool BodyStructure { get; init; }

    /// <summary>EMAILID and THREADID (OBJECTID).</summary>
    public bool ObjectIds { get; init; }

    /// <summary>X-GM-MSGID (Gmail's X-GM-EXT-1): the message's id, the same in every label and across moves.</summary>
    public bool GmailMessageId { get; init; }

    /// <summary>
    /// Body items exactly as sent, e.g. <c>BODY.PEEK[]</c> or <c>BODY.PEEK[HEADER.FIELDS (MESSAGE-ID)]</c>;
    /// printable ASCII only (the fetch fails with <see cref="ArgumentException"/> before anything is sent).
    /// </summary>
    public IReadOnlyList<string> BodyItems { get; init; } = [];

    /// <summary>CHANGEDSINCE modifier (CONDSTORE).</summary>
    public ModSeq? ChangedSince { get; init; }

    /// <summary>VANISHED modifier (QRESYNC; needs <see cref="ChangedSince"/>).</summary>
    public bool Vanished { get; init; }

    /// <summary>Receives UIDs of VANISHED (EARLIER) responses to this fetch.</summary>
    public Action<UidSet>? OnVanished { get; init; }

    /// <summary>Large bodies are streamed here chunk by chunk; null keeps them in the response.</summary>
    public IFetchBodySinkProvider? BodySinks { get; init; }

    /// <summary>True when a body item is fetched without .PEEK, which sets \Seen (RFC 3501 section 6.4.5).</summary>
    internal bool SetsSeen => BodyItems.Any(item =>
        BodyItemKey.FromRequest(item) is not null && !item.Contains(".PEEK", StringComparison.OrdinalIgnoreCase)
        && !item.StartsWith("RFC822.HEADER", StringComparison.OrdinalIgnoreCase));

    /// <summary>FETCH of UID, FLAGS and MODSEQ: what sync needs for a change scan.</summary>
    public static FetchRequest FlagsAndModSeq { get; } = new() { Flags = true, ModSeq = true };
}
