using Imap.Protocol.Model;

namespace Imap.Protocol.Parsing;

/// <summary>
/// The small, fixed-size FETCH items of one message, read without allocating (see <see cref="FetchSummaryParser"/>).
/// Items the server did not send are null.
/// </summary>
/// <param name="SequenceNumber">The message sequence number.</param>
/// <param name="Uid">UID</param>
/// <param name="Flags">FLAGS (keywords interned per connection)</param>
/// <param name="ModSeq">MODSEQ</param>
/// <param name="Rfc822Size">RFC822.SIZE</param>
/// <param name="InternalDate">INTERNALDATE</param>
internal readonly record struct FetchSummary(uint SequenceNumber, Uid? Uid, FlagSet? Flags, ModSeq? ModSeq, long? Rfc822Size, DateTimeOffset? InternalDate);
