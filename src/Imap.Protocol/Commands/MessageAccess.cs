using Imap.Protocol.Model;

namespace Imap.Protocol.Commands;

/// <summary>
/// The messages of the selected mailbox whose FETCH data a command receives (UID FETCH, UID STORE),
/// and whether it changes them. The server keeps ambiguous commands in order (RFC 3501 section 5.5),
/// but their untagged answers look alike: a FETCH of a message's flags pipelined with a STORE of them
/// gets a <c>FETCH (UID n FLAGS (…))</c> that is either one's. So such a pair is never in flight at once.
/// Two reads of one message may be (each gets an answer, see <see cref="Client.FetchInterest"/>).
/// </summary>
/// <param name="Uids">The messages.</param>
/// <param name="Changes">True when the command changes their flags (STORE, a FETCH that sets \Seen).</param>
/// <param name="ReportsVanished">
/// True when <c>VANISHED (EARLIER)</c> answers it for these messages (UID FETCH … (CHANGEDSINCE m VANISHED)).
/// Nothing ties that response to its command but its UIDs, which are in the command's set (RFC 7162
/// section 3.2.6), so two such commands on overlapping sets are never in flight together, and each one
/// in flight gets the part of a VANISHED (EARLIER) in its own set.
/// </param>
internal sealed record MessageAccess(UidSet Uids, bool Changes, bool ReportsVanished = false)
{
    /// <summary>Changes <paramref name="uids"/>.</summary>
    public static MessageAccess Changing(UidSet uids) => new(uids, Changes: true);

    /// <summary>
    /// True when the two must not be in flight together: one changes a message the other gets data of,
    /// or both would be answered by VANISHED (EARLIER) for one message.
    /// </summary>
    public bool ConflictsWith(MessageAccess other) =>
        (Changes || other.Changes || (ReportsVanished && other.ReportsVanished)) && Uids.Overlaps(other.Uids);
}
