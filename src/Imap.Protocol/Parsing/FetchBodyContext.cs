using Imap.Protocol.Model;

namespace Imap.Protocol.Parsing;

/// <summary>Which message and body item a streamed literal belongs to.</summary>
/// <param name="SequenceNumber">The message sequence number of the FETCH.</param>
/// <param name="Uid">The UID, when the UID item came before the body in the same FETCH (ask for it first).</param>
/// <param name="Item">The item name, upper case: <c>BODY</c>, <c>BINARY</c>, <c>RFC822</c>…</param>
/// <param name="Section">The section inside the brackets, e.g. empty for <c>BODY[]</c>.</param>
/// <param name="Origin">The partial-fetch origin, or null.</param>
/// <param name="Length">The literal length in bytes.</param>
public sealed record FetchBodyContext(uint SequenceNumber, Uid? Uid, string Item, string Section, uint? Origin, long Length);
