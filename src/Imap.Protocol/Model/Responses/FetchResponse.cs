namespace Imap.Protocol.Model;

/// <summary>Untagged <c>n FETCH (...)</c>. Items the server did not send are null; unknown items are skipped.</summary>
public sealed class FetchResponse : ImapResponse
{
    /// <summary>Creates an empty FETCH response for message <paramref name="sequenceNumber"/>.</summary>
    public FetchResponse(uint sequenceNumber) => SequenceNumber = sequenceNumber;

    /// <summary>The message sequence number.</summary>
    public uint SequenceNumber { get; }

    /// <summary>UID</summary>
    public Uid? Uid { get; init; }

    /// <summary>FLAGS; null when not sent (which is not the same as no flags).</summary>
    public FlagSet? Flags { get; init; }

    /// <summary>MODSEQ</summary>
    public ModSeq? ModSeq { get; init; }

    /// <summary>INTERNALDATE</summary>
    public DateTimeOffset? InternalDate { get; init; }

    /// <summary>RFC822.SIZE</summary>
    public long? Rfc822Size { get; init; }

    /// <summary>Body items (BODY[], BINARY[], RFC822…) in server order; empty when none.</summary>
    /// <remarks>The client sets it after parsing, when it puts streamed bodies nobody took back in place.</remarks>
    public IReadOnlyList<FetchBodySection> Bodies { get; internal set; } = [];

    /// <summary>ENVELOPE</summary>
    public Envelope? Envelope { get; init; }

    /// <summary>BODYSTRUCTURE or BODY (non-extensible form).</summary>
    public BodyStructure? BodyStructure { get; init; }

    /// <summary>EMAILID (RFC 8474)</summary>
    public string? EmailId { get; init; }

    /// <summary>X-GM-MSGID (Gmail's X-GM-EXT-1)</summary>
    public ulong? GmailMessageId { get; init; }

    /// <summary>THREADID (RFC 8474); null also when the server sent NIL.</summary>
    public string? ThreadId { get; init; }

    /// <summary>The first body item with the given item name and section (e.g. <c>BODY</c>, empty for <c>BODY[]</c>), or null.</summary>
    public FetchBodySection? GetBody(string item = "BODY", string section = "") =>
        Bodies.FirstOrDefault(b => b.Item == item && string.Equals(b.Section, section, StringComparison.OrdinalIgnoreCase));
}
