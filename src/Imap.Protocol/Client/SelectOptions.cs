using Imap.Protocol.Model;

namespace Imap.Protocol.Client;

/// <summary>How to SELECT (or EXAMINE) a mailbox.</summary>
public sealed class SelectOptions
{
    /// <summary>Use EXAMINE (read-only).</summary>
    public bool ReadOnly { get; init; }

    /// <summary>Send the CONDSTORE select parameter.</summary>
    public bool CondStore { get; init; }

    /// <summary>QRESYNC parameters (QRESYNC must be enabled first).</summary>
    public QResyncParameters? QResync { get; init; }

    /// <summary>
    /// Receives, instead of <see cref="SelectResult.Changed"/>, the FETCH responses of the SELECT that carry a
    /// UID and FLAGS (with QRESYNC, the messages changed since the given MODSEQ), as <see cref="FetchedFlags"/>:
    /// a response of nothing but UID, FLAGS and MODSEQ is read without a <see cref="FetchResponse"/>. Called on
    /// the read loop, one at a time, in arrival order; it must return quickly and not wait for the client.
    /// Responses without UID or FLAGS stay in <see cref="SelectResult.Changed"/>.
    /// </summary>
    public Action<FetchedFlags>? OnChangedFlags { get; init; }
}

/// <summary>The state a QRESYNC SELECT resumes from.</summary>
/// <param name="UidValidity">Known UIDVALIDITY.</param>
/// <param name="ModSeq">Last known HIGHESTMODSEQ.</param>
/// <param name="KnownUids">UIDs known to exist, or null.</param>
public sealed record QResyncParameters(UidValidity UidValidity, ModSeq ModSeq, UidSet? KnownUids = null);
