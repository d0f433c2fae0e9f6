namespace Imap.Protocol.Model;

/// <summary>The RFC 3501 system flags as bits, so a flag set without keywords needs no allocation.</summary>
[Flags]
[System.Diagnostics.CodeAnalysis.SuppressMessage("Naming", "CA1711", Justification = "RFC 3501 calls them system flags.")]
public enum SystemFlags
{
    /// <summary>No system flag.</summary>
    None = 0,

    /// <summary><c>\Seen</c></summary>
    Seen = 1,

    /// <summary><c>\Answered</c></summary>
    Answered = 2,

    /// <summary><c>\Flagged</c></summary>
    Flagged = 4,

    /// <summary><c>\Deleted</c></summary>
    Deleted = 8,

    /// <summary><c>\Draft</c></summary>
    Draft = 16,

    /// <summary><c>\Recent</c>: session-only, set by the server, never to be stored or propagated.</summary>
    Recent = 32,
}
