namespace Imap.Protocol.Model;

/// <summary>Untagged <c>n EXISTS</c>: the number of messages in the selected mailbox.</summary>
/// <param name="count">The message count.</param>
public sealed class ExistsResponse(uint count) : ImapResponse
{
    /// <summary>The message count.</summary>
    public uint Count { get; } = count;
}
