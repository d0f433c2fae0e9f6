using Imap.Protocol.Model;
using Imap.Sync.Ports;
using Imap.Sync.State;

namespace Imap.Sync.Engine.Changes;

/// <summary>
/// "What changed on this side since state S?": the mailbox, the stored state (null when no pass ever
/// completed), and the mapped UIDs of this side with the flags last recorded for them (null = unknown).
/// </summary>
internal sealed record ChangeQuery(IMailServer Server, string Mailbox, SideState? Stored, IReadOnlyDictionary<uint, string?> Mapped)
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
            var highestMapped = Mapped.Keys.DefaultIfEmpty(0u).Max();
            var next = highestMapped == uint.MaxValue ? uint.MaxValue : highestMapped + 1;
            return Math.Max(Stored?.UidNext ?? 0, next);
        }
    }

    /// <summary>
    /// The mapped UIDs a server's VANISHED ranges name: each mapped UID is looked up in the ranges, so a
    /// range claiming the whole UID space costs as much as the mailbox, not 4 billion entries.
    /// </summary>
    public HashSet<uint> VanishedAmongMapped(UidSet vanished) => Mapped.Keys.Where(uid => vanished.Contains(new Uid(uid))).ToHashSet();
}
