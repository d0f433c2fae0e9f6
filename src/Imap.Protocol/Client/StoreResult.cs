using Imap.Protocol.Model;

namespace Imap.Protocol.Client;

/// <summary>What UID STORE returned.</summary>
/// <param name="Modified">UIDs not stored because they changed since UNCHANGEDSINCE ([MODIFIED]).</param>
/// <param name="Updated">FETCH responses that reported the new flags (empty with .SILENT, except MODSEQ-only ones).</param>
public sealed record StoreResult(UidSet Modified, IReadOnlyList<FetchResponse> Updated);
