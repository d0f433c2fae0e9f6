namespace Imap.Sync;

/// <summary>How the engine learns what changed on a side since the stored state, best first.</summary>
public enum ChangeSourceKind
{
    /// <summary>Every UID and its flags (no MODSEQ needed); also used by repair.</summary>
    FullScan,

    /// <summary>CHANGEDSINCE for flags, a UID list compared with the mapping for expunges.</summary>
    CondStore,

    /// <summary>SELECT with QRESYNC parameters: VANISHED (EARLIER) and changed flags in one round trip.</summary>
    QResync,
}
