using Imap.Protocol.Model;
using Imap.Sync.Ports;
using Imap.Sync.State;

namespace Imap.Sync.Engine.Changes;

/// <summary>
/// "What changed on this side since state S?": the mailbox, the stored state (null when no pass ever
/// completed), and the mapped UIDs of this side, read as the source needs them.
/// </summary>
internal sealed record ChangeQuery(IMailServer Server, string Mailbox, SideState? Stored, MappedUids Mapped)
{
    /// <summary>A previous pass completed: UIDNEXT and HIGHESTMODSEQ mean something.</summary>
    public bool HasBaseline => Stored is { UidNext: > 0 };

    /// <summary>
    /// The UIDNEXT to send as QRESYNC known-uids (1:n-1): the stored one, or past the highest mapped UID
    /// when an interrupted pass mapped copies without storing its UIDNEXT. Otherwise the server would not
    /// report those messages' expunges, and they would never reach the other side.
    /// </summary>
    public uint KnownUidNext
    {
        get
        {
            var highestMapped = Mapped.Highest();
            var next = highestMapped == uint.MaxValue ? uint.MaxValue : highestMapped + 1;
            return Math.Max(Stored?.UidNext ?? 0, next);
        }
    }
}
