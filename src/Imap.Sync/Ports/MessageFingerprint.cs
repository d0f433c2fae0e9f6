namespace Imap.Sync.Ports;

/// <summary>What identifies a message without its body: size, internal date and Message-ID header value.</summary>
public sealed record MessageFingerprint(uint Uid, long Size, DateTimeOffset? InternalDate, string? MessageId);
