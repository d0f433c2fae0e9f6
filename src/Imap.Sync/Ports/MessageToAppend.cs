namespace Imap.Sync.Ports;

/// <summary>
/// One message of an APPEND: flags to set (no <c>\Recent</c>), internal date to keep, and the bytes:
/// <see cref="Spooled"/> when set (then <see cref="Body"/> is only the beginning), else <see cref="Body"/>.
/// </summary>
public sealed record MessageToAppend(IReadOnlyList<string> Flags, DateTimeOffset? InternalDate, ReadOnlyMemory<byte> Body)
{
    /// <summary>The whole body in a temporary file, for large messages.</summary>
    public SpooledBody? Spooled { get; init; }
}
