namespace Imap.Sync.Ports;

/// <summary>
/// A whole message as fetched for copying. A large one may come <see cref="Spooled"/> to a temporary
/// file; <see cref="Body"/> then holds only its beginning (enough for the header). The receiver owns
/// and disposes <see cref="Spooled"/>.
/// </summary>
public sealed record FetchedMessage(uint Uid, IReadOnlyList<string> Flags, DateTimeOffset? InternalDate, ReadOnlyMemory<byte> Body)
{
    /// <summary>The whole body, when it was too large to keep in memory.</summary>
    public SpooledBody? Spooled { get; init; }

    /// <summary>The size of the whole body.</summary>
    public long Length => Spooled?.Length ?? Body.Length;
}
