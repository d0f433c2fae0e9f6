namespace Imap.Protocol.Model;

/// <summary>Untagged <c>n EXPUNGE</c>: message n is gone and later messages are renumbered.</summary>
/// <param name="sequenceNumber">The message sequence number.</param>
public sealed class ExpungeResponse(uint sequenceNumber) : ImapResponse
{
    /// <summary>The expunged message's sequence number.</summary>
    public uint SequenceNumber { get; } = sequenceNumber;
}
