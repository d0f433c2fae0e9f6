namespace Imap.Protocol.Model;

/// <summary>Untagged <c>n RECENT</c>.</summary>
/// <param name="count">The number of recent messages.</param>
public sealed class RecentResponse(uint count) : ImapResponse
{
    /// <summary>The number of messages with <c>\Recent</c>.</summary>
    public uint Count { get; } = count;
}
