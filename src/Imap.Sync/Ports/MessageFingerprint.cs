namespace Imap.Sync.Ports;

/// <summary>What identifies a message without its body: size, internal date and Message-ID header value.</summary>
public sealed record MessageFingerprint(uint Uid, long Size, DateTimeOffset? InternalDate, string? MessageId)
{
    /// <summary>
    /// The server's own id of the message, which stays with it when it is moved or copied to another
    /// mailbox of that server: EMAILID (OBJECTID, RFC 8474), or Gmail's X-GM-MSGID in decimal; null where
    /// the server offers neither (<see cref="ServerFeatures.MessageIds"/>). Ids of two servers are never compared.
    /// </summary>
    public string? EmailId { get; init; }
}
