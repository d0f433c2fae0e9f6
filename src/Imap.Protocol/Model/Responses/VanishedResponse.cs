namespace Imap.Protocol.Model;

/// <summary>
/// Untagged <c>VANISHED</c> (RFC 7162). Without EARLIER the UIDs were just expunged and the message count
/// drops by their number; with EARLIER they are a report about the past and the count is unchanged.
/// </summary>
/// <param name="uids">The vanished UIDs.</param>
/// <param name="earlier">True for <c>VANISHED (EARLIER)</c>.</param>
public sealed class VanishedResponse(UidSet uids, bool earlier) : ImapResponse
{
    /// <summary>The vanished UIDs.</summary>
    public UidSet Uids { get; } = uids;

    /// <summary>True for <c>VANISHED (EARLIER)</c>.</summary>
    public bool Earlier { get; } = earlier;
}
