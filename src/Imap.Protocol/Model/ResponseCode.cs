namespace Imap.Protocol.Model;

/// <summary>
/// A response code (<c>[KIND arguments]</c>) with its typed payload. Only the properties that belong to
/// <see cref="Kind"/> are set; <see cref="Atom"/> and <see cref="RawArguments"/> are always kept.
/// </summary>
public sealed class ResponseCode
{
    /// <summary>Creates a code; parser use, and tests that build expected values.</summary>
    public ResponseCode(ResponseCodeKind kind, string atom, string? rawArguments = null)
    {
        Kind = kind;
        Atom = atom;
        RawArguments = rawArguments;
    }

    /// <summary>What code this is.</summary>
    public ResponseCodeKind Kind { get; }

    /// <summary>The code atom as sent, upper-cased for known kinds.</summary>
    public string Atom { get; }

    /// <summary>The text after the atom up to <c>]</c>, or null when there was none.</summary>
    public string? RawArguments { get; }

    /// <summary>UIDNEXT value.</summary>
    public Uid? UidNext { get; init; }

    /// <summary>UIDVALIDITY value, also the UIDVALIDITY of APPENDUID and COPYUID.</summary>
    public UidValidity? UidValidity { get; init; }

    /// <summary>UNSEEN message number.</summary>
    public uint? Unseen { get; init; }

    /// <summary>HIGHESTMODSEQ value.</summary>
    public ModSeq? HighestModSeq { get; init; }

    /// <summary>APPENDUID: the UIDs of the appended messages (a set for MULTIAPPEND), in append order.</summary>
    public UidSet? AppendedUids { get; init; }

    /// <summary>COPYUID: the source UIDs.</summary>
    public UidSet? SourceUids { get; init; }

    /// <summary>COPYUID: the destination UIDs.</summary>
    public UidSet? DestinationUids { get; init; }

    /// <summary>COPYUID: source→destination pairs by position, as the server listed them.</summary>
    public IReadOnlyList<KeyValuePair<Uid, Uid>>? CopiedUids { get; init; }

    /// <summary>MODIFIED: messages (UIDs for UID STORE, else sequence numbers) that were not stored.</summary>
    public UidSet? Modified { get; init; }

    /// <summary>PERMANENTFLAGS: the flags that can be changed permanently.</summary>
    public FlagSet? PermanentFlags { get; init; }

    /// <summary>PERMANENTFLAGS: true when <c>\*</c> was listed (new keywords can be created).</summary>
    public bool AllowsNewKeywords { get; init; }

    /// <summary>CAPABILITY: the capability list.</summary>
    public ImapCapabilities? Capabilities { get; init; }

    /// <summary>MAILBOXID: the object id.</summary>
    public string? MailboxId { get; init; }

    /// <summary>The wire form <c>ATOM arguments</c> without brackets.</summary>
    public override string ToString() => RawArguments is null ? Atom : Atom + " " + RawArguments;
}
