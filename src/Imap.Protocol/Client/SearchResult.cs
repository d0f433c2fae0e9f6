using Imap.Protocol.Model;

namespace Imap.Protocol.Client;

/// <summary>UIDs matched by UID SEARCH, with the MODSEQ when the search used it.</summary>
/// <param name="Uids">Matching UIDs.</param>
/// <param name="ModSeq">Highest MODSEQ of the matches (CONDSTORE), or null.</param>
public sealed record SearchResult(UidSet Uids, ModSeq? ModSeq);
