namespace Imap.Protocol.Model;

/// <summary>Bounds that protect the reader against hostile or broken servers. Exceeding one is an <see cref="ImapProtocolException"/>.</summary>
public sealed record ImapReaderLimits
{
    /// <summary>Defaults suitable for mail synchronization.</summary>
    public static ImapReaderLimits Default { get; } = new();

    /// <summary>Longest line (bytes between literals or line ends), default 1 MiB.</summary>
    public int MaxLineLength { get; init; } = 1 << 20;

    /// <summary>Largest literal outside a FETCH body item (names, addresses, headers of ENVELOPE), default 1 MiB.</summary>
    public long MaxNonBodyLiteral { get; init; } = 1 << 20;

    /// <summary>Largest FETCH body literal (BODY[], BINARY[], RFC822), default 2 GiB.</summary>
    public long MaxBodyLiteral { get; init; } = 2L << 30;

    /// <summary>Largest frame held in memory (all lines and inline literals of one response), default 64 MiB.</summary>
    public long MaxFrameLength { get; init; } = 64L << 20;

    /// <summary>Deepest nesting of parenthesized lists, default 64.</summary>
    public int MaxNesting { get; init; } = 64;

    /// <summary>
    /// Body literals longer than this go to the body sink instead of staying in the response, when a sink
    /// provider is set. Default 64 KiB.
    /// </summary>
    public long InlineLiteralThreshold { get; init; } = 64 << 10;
}
