using Imap.Sync.Ports;

namespace Imap.Sync.Adapters;

/// <summary>How <see cref="ImapMailServer.OpenAsync"/> wraps a client; fixed for the adapter's lifetime.</summary>
public sealed record ImapMailServerOptions
{
    /// <summary>
    /// Features to turn off (e.g. a server whose QRESYNC is broken): a false member turns that feature
    /// off; nothing turns on what the server does not advertise. Null: use everything offered.
    /// </summary>
    public ServerFeatures? FeatureMask { get; init; }

    /// <summary>Whether disposing the adapter disposes the client too.</summary>
    public bool OwnsClient { get; init; } = true;

    /// <summary>
    /// Message bodies larger than this are spooled to a temporary file while being copied. The default
    /// equals the engine's default APPEND batch size, so a batch never holds more than that in memory.
    /// </summary>
    public long SpoolAbove { get; init; } = 1L << 20;

    /// <summary>Where spool files go (e.g. a run's <see cref="SpoolDirectory"/>); null: the system temporary directory.</summary>
    public string? SpoolPath { get; init; }
}
