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
}
