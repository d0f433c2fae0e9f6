namespace Imap.Testing.Dovecot;

/// <summary>A message as read back from a fixture mailbox.</summary>
/// <param name="Uid">IMAP UID.</param>
/// <param name="Flags">Flags, sorted ordinally, without <c>\Recent</c>.</param>
/// <param name="InternalDate">INTERNALDATE (second precision; the zone is not kept, the instant is).</param>
/// <param name="MessageId">The Message-ID header value (with angle brackets), or null.</param>
/// <param name="Size">RFC822.SIZE (CRLF line ends).</param>
/// <param name="ModSeq">The message's MODSEQ.</param>
public sealed record StoredMessage(uint Uid, IReadOnlyList<string> Flags, DateTimeOffset InternalDate, string? MessageId, long Size, ulong ModSeq);
