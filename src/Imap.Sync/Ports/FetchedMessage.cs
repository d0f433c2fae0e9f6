namespace Imap.Sync.Ports;

/// <summary>A whole message as fetched for copying.</summary>
public sealed record FetchedMessage(uint Uid, IReadOnlyList<string> Flags, DateTimeOffset? InternalDate, ReadOnlyMemory<byte> Body);
