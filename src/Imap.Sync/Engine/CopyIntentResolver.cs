using System.Globalization;
using Imap.Sync.Ports;
using Imap.Sync.State;

namespace Imap.Sync.Engine;

/// <summary>
/// Finds appended messages whose mapping was never recorded (a crash between APPEND and commit, or a
/// server without APPENDUID): among the target's unmapped UIDs, by size, internal date and Message-ID.
/// Candidates are tried from the highest UID down, since our APPENDs are the newest messages.
/// (Messages we did not copy ourselves are paired by the stricter <see cref="AdoptionMatcher"/>.)
/// A wrong pairing is worse than a duplicate (a later expunge would delete the wrong message), so
/// without a Message-ID the size and the internal date (to the second) must both be known and agree,
/// the candidate must have no Message-ID either, and look-alikes are paired only when their number
/// matches the number of intents (then in UID order, the order our APPENDs landed in).
/// </summary>
internal static class CopyIntentResolver
{
    public static async Task<IReadOnlyList<uint>> UnmappedTargetUidsAsync(
        SyncContext context, long mailboxId, SyncSide target, uint from, CancellationToken cancellationToken)
    {
        var uids = await context.Server(target).FetchUidsAsync(Math.Max(from, 1), uint.MaxValue, cancellationToken).ConfigureAwait(false);
        var mapped = context.State.GetMappings(mailboxId).Select(m => m.Uid(target)).ToHashSet();
        return [.. uids.Where(u => !mapped.Contains(u))];
    }

    public static async Task<(IReadOnlyList<CompletedCopy> Found, IReadOnlyList<CopyIntent> Missing)> MatchAsync(
        IMailServer target, IReadOnlyList<CopyIntent> intents, IReadOnlyList<uint> candidates, CancellationToken cancellationToken)
    {
        IReadOnlyList<MessageFingerprint> prints = candidates.Count == 0
            ? []
            : await target.FetchFingerprintsAsync(candidates, cancellationToken).ConfigureAwait(false);
        var available = prints.OrderByDescending(p => p.Uid).ToList();
        var found = new List<CompletedCopy>();
        var missing = new List<CopyIntent>();
        foreach (var intent in intents.Where(i => i.MessageId is not null))
        {
            var match = available.FirstOrDefault(p => Matches(intent, p));
            if (match is null)
            {
                missing.Add(intent);
                continue;
            }

            available.Remove(match);
            found.Add(Pair(intent, match));
        }

        // Without a Message-ID, look-alikes (same size and second) are told apart only by order: our
        // APPENDs land in source-UID order. That holds only when exactly as many look-alikes wait on the
        // target as we appended; otherwise another message could be among them, and none is paired.
        foreach (var group in intents.Where(i => i.MessageId is null).GroupBy(i => (i.Size, i.InternalDate)))
        {
            var lookAlikes = available.Where(p => Matches(group.First(), p)).OrderBy(p => p.Uid).ToList();
            if (lookAlikes.Count != group.Count())
            {
                missing.AddRange(group);
                continue;
            }

            found.AddRange(group.OrderBy(i => i.SourceUid).Zip(lookAlikes, Pair));
            available.RemoveAll(lookAlikes.Contains);
        }

        return (found, missing);
    }

    private static CompletedCopy Pair(CopyIntent intent, MessageFingerprint target) =>
        intent.Source == SyncSide.Local
            ? new CompletedCopy(intent.SourceUid, target.Uid, null, null) { RemoteEmailId = target.EmailId }
            : new CompletedCopy(target.Uid, intent.SourceUid, null, null) { LocalEmailId = target.EmailId };

    private static bool Matches(CopyIntent intent, MessageFingerprint print)
    {
        if (print.Size != intent.Size || !string.Equals(intent.MessageId, print.MessageId, StringComparison.Ordinal))
        {
            return false;
        }

        if (intent.MessageId is not null)
        {
            // A date is a further check when both have one; the Message-ID already identifies the message.
            return intent.InternalDate is null || print.InternalDate is null || SameSecond(intent.InternalDate, print.InternalDate.Value) != false;
        }

        return intent.InternalDate is not null && print.InternalDate is { } date && SameSecond(intent.InternalDate, date) == true;
    }

    // Null when the recorded date cannot be read.
    private static bool? SameSecond(string recorded, DateTimeOffset date) =>
        DateTimeOffset.TryParse(recorded, CultureInfo.InvariantCulture, DateTimeStyles.None, out var wanted)
            ? wanted.ToUnixTimeSeconds() == date.ToUnixTimeSeconds()
            : null;
}
