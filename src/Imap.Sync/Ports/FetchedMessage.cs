namespace Imap.Sync.Ports;

/// <summary>
/// A whole message as fetched for copying. A large one may come <see cref="Spooled"/> to a temporary
/// file; <see cref="Body"/> then holds only its beginning (enough for the header). The receiver owns
/// what holds the body and gives it back with <see cref="Release"/>.
/// </summary>
public sealed record FetchedMessage(uint Uid, IReadOnlyList<string> Flags, DateTimeOffset? InternalDate, ReadOnlyMemory<byte> Body)
{
    /// <summary>The server's own id of the message (see <see cref="MessageFingerprint.EmailId"/>); null where it offers none.</summary>
    public string? EmailId { get; init; }

    /// <summary>The whole body, when it was too large to keep in memory.</summary>
    public SpooledBody? Spooled { get; init; }

    /// <summary>
    /// What holds <see cref="Body"/> when the server port lends it pooled memory (which it reuses for
    /// later bodies once this is disposed); null when <see cref="Body"/> is the message's own.
    /// </summary>
    public IDisposable? BodyOwner { get; init; }

    /// <summary>The size of the whole body.</summary>
    public long Length => Spooled?.Length ?? Body.Length;

    /// <summary>
    /// Gives back what holds the body: the spool file and the pooled memory. Call it once, when nothing
    /// reads <see cref="Body"/> or <see cref="Spooled"/> any more (after the APPEND they were written
    /// into has completed, whether it succeeded or not); neither may be read afterwards.
    /// </summary>
    public void Release()
    {
        Spooled?.Dispose();
        BodyOwner?.Dispose();
    }
}
