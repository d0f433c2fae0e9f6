namespace Imap.Protocol.Parsing;

/// <summary>FETCH items the parser understands.</summary>
internal enum FetchItemKind
{
    Unknown,
    Uid,
    Flags,
    ModSeq,
    InternalDate,
    Rfc822Size,
    Body,
    Envelope,
    BodyStructure,
    EmailId,
    ThreadId,
    GmailMessageId,
}
