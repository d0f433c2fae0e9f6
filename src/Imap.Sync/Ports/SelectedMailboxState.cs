using Imap.Protocol.Model;

namespace Imap.Sync.Ports;

/// <summary>
/// The result of SELECT. <see cref="HighestModSeq"/> is 0 without CONDSTORE or on [NOMODSEQ].
/// <see cref="PermanentFlags"/> is null when the server sent none (everything assumed storable).
/// With QRESYNC parameters, <see cref="Vanished"/> and <see cref="Changed"/> hold what the server reported.
/// <see cref="Vanished"/> stays a range set, to be asked with <see cref="UidSet.Contains"/> for the UIDs
/// that matter and never enumerated: <c>VANISHED (EARLIER) 1:4294967295</c> is 36 bytes on the wire.
/// </summary>
public sealed record SelectedMailboxState(
    uint UidValidity,
    uint UidNext,
    ulong HighestModSeq,
    IReadOnlyList<string>? PermanentFlags,
    UidSet Vanished,
    IReadOnlyList<MessageFlags> Changed)
{
    /// <summary>PERMANENTFLAGS contains <c>\*</c>: new keywords can be stored.</summary>
    public bool AllowsNewKeywords => PermanentFlags is null || PermanentFlags.Contains("\\*");

    /// <summary>
    /// The UIDs present from <see cref="ListedFrom"/> up to <see cref="UidNext"/> − 1 when the mailbox
    /// was selected, asked for by <see cref="QResyncState.ListUidsFrom"/>; null when not asked for or
    /// not answered.
    /// </summary>
    public IReadOnlyList<uint>? ListedUids { get; init; }

    /// <summary>The first UID <see cref="ListedUids"/> covers.</summary>
    public uint ListedFrom { get; init; }
}
