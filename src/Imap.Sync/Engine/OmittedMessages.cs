namespace Imap.Sync.Engine;

/// <summary>
/// Tells a message expunged meanwhile from one a server left out of a FETCH answer while it still holds
/// it. Both look the same in the answer, but skipping the second would lose it for good: once the
/// mailbox's UIDNEXT is stored past it, no later run asks for it again (only <c>--repair</c> would).
/// So the left-out UIDs are looked up with a UID SEARCH, one round trip only when something was left out.
/// </summary>
internal static class OmittedMessages
{
    /// <summary>
    /// Returns when every UID of <paramref name="omitted"/> is gone from the selected mailbox of
    /// <paramref name="side"/>; throws when the server still has one, so the mailbox's state stays where
    /// it is and the next run asks for those messages again.
    /// </summary>
    public static async Task EnsureGoneAsync(
        SyncContext context, SyncSide side, IReadOnlyCollection<uint> omitted, string answer, string display, CancellationToken cancellationToken)
    {
        if (omitted.Count == 0)
        {
            return;
        }

        var present = await context.Server(side).FetchUidsAsync(omitted.Min(), omitted.Max(), cancellationToken).ConfigureAwait(false);
        var asked = omitted as IReadOnlySet<uint> ?? omitted.ToHashSet();
        var stillThere = present.Where(asked.Contains).Order().ToList();
        if (stillThere.Count > 0)
        {
            throw new SyncException(
                $"The {side.Name()} server left {stillThere.Count} message(s) (UID {UidText.Compact(stillThere)}) out of its answer to {answer}, "
                + "but a UID SEARCH says they are still in the mailbox. They were not copied, and the mailbox's state was not "
                + "advanced past them, so the next run asks for them again. If this repeats, the server's index of the mailbox "
                + "may be damaged (on Dovecot: doveadm force-resync).",
                side,
                display);
        }
    }
}
