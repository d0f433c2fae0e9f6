namespace Imap.Testing.Faults;

/// <summary>
/// One fault on one direction of a proxied connection: after exactly <see cref="AfterBytes"/> bytes
/// have been forwarded that way, <see cref="Kind"/> happens. Build with the static factories.
/// </summary>
public sealed record Fault
{
    private Fault(FaultDirection direction, long afterBytes, FaultKind kind)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(afterBytes);
        Direction = direction;
        AfterBytes = afterBytes;
        Kind = kind;
    }

    /// <summary>The direction the fault watches and acts on.</summary>
    public FaultDirection Direction { get; }

    /// <summary>Bytes forwarded unchanged in <see cref="Direction"/> before the fault acts.</summary>
    public long AfterBytes { get; }

    /// <summary>What happens.</summary>
    public FaultKind Kind { get; }

    /// <summary>Cut: abortive close (RST) instead of FIN.</summary>
    public bool Reset { get; private init; }

    /// <summary>Stall: how long (null: forever). Drip: the pause between chunks.</summary>
    public TimeSpan? Duration { get; private init; }

    /// <summary>Drip: bytes per step.</summary>
    public int ChunkSize { get; private init; } = 1;

    /// <summary>Inject: the bytes inserted.</summary>
    public IReadOnlyList<byte> Payload { get; private init; } = [];

    /// <summary>Inject: close the connection right after the injected bytes.</summary>
    public bool CutAfterInjecting { get; private init; }

    /// <summary>Rewrite: maps each line (without CRLF, bytes as Latin-1) to the line sent instead.</summary>
    public Func<string, string>? RewriteLine { get; private init; }

    /// <summary>Closes the connection after <paramref name="afterBytes"/> bytes in <paramref name="direction"/>.</summary>
    public static Fault Cut(FaultDirection direction, long afterBytes, bool reset = false) =>
        new(direction, afterBytes, FaultKind.Cut) { Reset = reset };

    /// <summary>Stops forwarding <paramref name="direction"/> after <paramref name="afterBytes"/> bytes, for <paramref name="duration"/> or forever.</summary>
    public static Fault Stall(FaultDirection direction, long afterBytes, TimeSpan? duration = null) =>
        new(direction, afterBytes, FaultKind.Stall) { Duration = duration };

    /// <summary>After <paramref name="afterBytes"/> bytes, forwards <paramref name="chunkSize"/> bytes per <paramref name="interval"/>.</summary>
    public static Fault Drip(FaultDirection direction, long afterBytes, TimeSpan interval, int chunkSize = 1)
    {
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(chunkSize);
        return new(direction, afterBytes, FaultKind.Drip) { Duration = interval, ChunkSize = chunkSize };
    }

    /// <summary>Inserts <paramref name="payload"/> after <paramref name="afterBytes"/> bytes.</summary>
    public static Fault Inject(FaultDirection direction, long afterBytes, IReadOnlyList<byte> payload, bool thenCut = false) =>
        new(direction, afterBytes, FaultKind.Inject) { Payload = payload, CutAfterInjecting = thenCut };

    /// <summary>Rewrite: the last line rewritten (matched before rewriting); every byte after it passes unchanged. Null: no end.</summary>
    public Func<string, bool>? LastRewrittenLine { get; private init; }

    /// <summary>
    /// From <paramref name="afterBytes"/> on, sends <paramref name="rewriteLine"/>(line) instead of each line; literal data
    /// passes unchanged. With <paramref name="lastLine"/>, rewriting ends after the first line it matches (e.g. the
    /// STARTTLS OK, after which the bytes are TLS records, not lines).
    /// </summary>
    public static Fault Rewrite(FaultDirection direction, Func<string, string> rewriteLine, long afterBytes = 0, Func<string, bool>? lastLine = null)
    {
        ArgumentNullException.ThrowIfNull(rewriteLine);
        return new(direction, afterBytes, FaultKind.Rewrite) { RewriteLine = rewriteLine, LastRewrittenLine = lastLine };
    }
}
