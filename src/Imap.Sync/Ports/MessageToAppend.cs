namespace Imap.Sync.Ports;

/// <summary>One message of an APPEND: flags to set (no <c>\Recent</c>), internal date to keep, and the bytes.</summary>
public sealed record MessageToAppend(IReadOnlyList<string> Flags, DateTimeOffset? InternalDate, ReadOnlyMemory<byte> Body);
