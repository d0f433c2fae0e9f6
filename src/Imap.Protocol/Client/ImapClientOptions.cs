using Imap.Protocol.Model;
using Imap.Protocol.Transport;

namespace Imap.Protocol.Client;

/// <summary>Settings for one <see cref="ImapClient"/> connection.</summary>
public sealed class ImapClientOptions
{
    /// <summary>Where the server is and how to reach it.</summary>
    public required ImapTransportOptions Transport { get; init; }

    /// <summary>
    /// A name for this connection in error messages (e.g. "remote"), for callers that hold several;
    /// null to name it by its host, or "tunnel".
    /// </summary>
    public string? Name { get; init; }

    /// <summary>Commands kept in flight at most; 1 disables pipelining (for fragile servers).</summary>
    public int PipelineDepth { get; init; } = 16;

    /// <summary>How long a command may wait for its reply; null for no limit. IDLE is exempt.</summary>
    public TimeSpan? CommandTimeout { get; init; } = TimeSpan.FromMinutes(2);

    /// <summary>Send a NOOP when the connection has been quiet this long (not while idling); null for never.</summary>
    public TimeSpan? KeepAliveInterval { get; init; }

    /// <summary>
    /// How long one IDLE lasts before <see cref="ImapClient.IdleAsync"/> ends it with DONE and issues
    /// it again (RFC 2177: a server may log out a client idle for 30 minutes); null never renews.
    /// </summary>
    public TimeSpan? IdleRenewalInterval { get; init; } = TimeSpan.FromMinutes(25);

    /// <summary>Parser limits (line length, literal sizes).</summary>
    public ImapReaderLimits? Limits { get; init; }

    /// <summary>Parser tolerance for known server deviations.</summary>
    public ImapQuirks Quirks { get; init; } = ImapQuirks.Recommended;

    /// <summary>Receives protocol trace lines (<c>C: …</c> / <c>S: …</c>); null for no trace.</summary>
    public Action<string>? Trace { get; init; }

    /// <summary>
    /// Receives warnings the user should see whatever the trace level (e.g. clear-text bytes injected
    /// after the STARTTLS OK, which are discarded); null drops them.
    /// </summary>
    public Action<string>? Warning { get; init; }

    /// <summary>When true the trace shows credentials (InterIMAP's debug level 2); otherwise they are redacted.</summary>
    public bool TraceCredentials { get; init; }

    /// <summary>APPEND bodies above this size use a synchronizing literal even with LITERAL+; null for never.</summary>
    public long? SynchronizeBodiesAbove { get; init; } = 16L * 1024 * 1024;

    /// <summary>Longest UID set text in one command; longer sets are split into several commands.</summary>
    public int MaxUidSetLength { get; init; } = 8000;
}
