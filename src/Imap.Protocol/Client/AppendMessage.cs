using Imap.Protocol.Commands;

namespace Imap.Protocol.Client;

/// <summary>One message for APPEND: content (streamed when sent), flags and internal date.</summary>
public sealed class AppendMessage
{
    /// <summary>The RFC 5322 message bytes.</summary>
    public required ImapLiteral Content { get; init; }

    /// <summary>Flags in wire form (e.g. <c>\Seen</c>, <c>$Forwarded</c>); <c>\Recent</c> is not allowed.</summary>
    public IReadOnlyList<string> Flags { get; init; } = [];

    /// <summary>INTERNALDATE, or null for the server's clock.</summary>
    public DateTimeOffset? InternalDate { get; init; }
}
