namespace Imap.Sync.Ports;

/// <summary>
/// SELECT ... (QRESYNC (uidvalidity modseq known-uids [(seq-match)])) parameters: the state we last saw.
/// <see cref="KnownUids"/> (1:UIDNEXT-1 when null) limits which VANISHED UIDs are reported.
/// </summary>
public sealed record QResyncState(uint UidValidity, ulong HighestModSeq, uint UidNext, IReadOnlyList<uint>? KnownUids = null)
{
    /// <summary>
    /// When set, the UIDs present from this one up are listed too, in the SELECT's flight (no round
    /// trip of their own): <see cref="SelectedMailboxState.ListedUids"/>. A SELECT reports the changes
    /// of known messages, not which new ones arrived.
    /// </summary>
    public uint? ListUidsFrom { get; init; }
}
