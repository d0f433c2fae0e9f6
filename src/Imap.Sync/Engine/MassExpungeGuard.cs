using System.Globalization;

namespace Imap.Sync.Engine;

/// <summary>
/// Applies <see cref="SyncOptions.MassExpungeLimit"/> once a mailbox's expunge lists are final and
/// before anything is deleted: the mailbox stops with an error saying what vanished where and how to
/// confirm, and since its state is not committed the next run sees the same and stops again.
/// </summary>
internal static class MassExpungeGuard
{
    /// <param name="context">The run, for its options.</param>
    /// <param name="display">The mailbox as printed.</param>
    /// <param name="mapped">The mailbox's mapped messages before this run.</param>
    /// <param name="onLocal">Messages about to be expunged on the local side (they vanished from remote).</param>
    /// <param name="onRemote">Messages about to be expunged on the remote side (they vanished from local).</param>
    /// <exception cref="SyncException">The limit is exceeded on either side.</exception>
    public static void Check(SyncContext context, string display, int mapped, int onLocal, int onRemote)
    {
        if (context.Options.MassExpungeLimit is not { } limit)
        {
            return;
        }

        foreach (var (side, count) in new[] { (SyncSide.Local, onLocal), (SyncSide.Remote, onRemote) })
        {
            if (limit.IsExceededBy(count, mapped))
            {
                var gone = side.Other().Name();
                throw new SyncException(
                    string.Create(CultureInfo.InvariantCulture, $"{count} of the {mapped} mapped messages of {display} ({100L * count / mapped}%) vanished from {gone} since the last run; ")
                    + string.Create(CultureInfo.InvariantCulture, $"expunging their copies on {side.Name()} exceeds the mass-expunge limit (more than {limit.Messages} messages and more than {limit.Fraction * 100:0.#}% of the mailbox). ")
                    + $"Nothing was deleted. If they were really deleted on {gone}, run again with --allow-mass-expunge "
                    + $"(or set allow-mass-expunge = yes); if not (a broken index, the wrong account), fix the {gone} server first.",
                    side,
                    display);
            }
        }
    }
}
