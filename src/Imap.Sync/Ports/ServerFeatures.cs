namespace Imap.Sync.Ports;

/// <summary>The capabilities the engine cares about.</summary>
public sealed record ServerFeatures
{
    /// <summary>QRESYNC (RFC 7162), enabled.</summary>
    public bool QResync { get; init; }

    /// <summary>CONDSTORE (RFC 7162).</summary>
    public bool CondStore { get; init; }

    /// <summary>LIST-EXTENDED (RFC 5258).</summary>
    public bool ListExtended { get; init; }

    /// <summary>LIST-STATUS (RFC 5819).</summary>
    public bool ListStatus { get; init; }

    /// <summary>MULTIAPPEND (RFC 3502).</summary>
    public bool MultiAppend { get; init; }

    /// <summary>UIDPLUS (RFC 4315): APPENDUID.</summary>
    public bool UidPlus { get; init; }

    /// <summary>MOVE (RFC 6851): UID MOVE. Without it a move is UID COPY, then \Deleted and UID EXPUNGE (UIDPLUS).</summary>
    public bool Move { get; init; }

    /// <summary>
    /// OBJECTID (RFC 8474): STATUS reports each mailbox's MAILBOXID, and FETCH each message's EMAILID
    /// (see <see cref="MessageFingerprint.EmailId"/>).
    /// </summary>
    public bool ObjectId { get; init; }

    /// <summary>X-GM-EXT-1 (Gmail): FETCH reports each message's X-GM-MSGID (see <see cref="MessageFingerprint.EmailId"/>).</summary>
    public bool GmailExtensions { get; init; }

    /// <summary>True when FETCH reports an id that stays with a message across moves (EMAILID or X-GM-MSGID).</summary>
    public bool MessageIds => ObjectId || GmailExtensions;
}
