using Imap.Protocol.Model;

namespace Imap.Protocol.Client;

/// <summary>What SELECT/EXAMINE returned.</summary>
/// <param name="Mailbox">The live state of the selected mailbox (keeps updating).</param>
/// <param name="Changed">FETCH responses sent during a QRESYNC SELECT (changes since the given MODSEQ).</param>
/// <param name="Vanished">UIDs reported by VANISHED (EARLIER) during a QRESYNC SELECT.</param>
public sealed record SelectResult(SelectedMailbox Mailbox, IReadOnlyList<FetchResponse> Changed, UidSet Vanished);
