using System.Globalization;
using Imap.Sync.Ports;
using Imap.Sync.State;

namespace Imap.Sync.Engine;

/// <summary>
/// Finds appended messages whose mapping was never recorded (a crash between APPEND and commit, or a
/// server without APPENDUID): among the target's unmapped UIDs, by size, internal date and Message-ID.
/// Candidates are tried from the highest UID down, since our APPENDs are the newest messages.
/// Pairing messages we did not copy ourselves requires a Message-ID (<c>requireMessageId</c>).
/// </summary>
internal static class CopyIntentResolver
{
    public static async Task<IReadOnlyList<uint>> UnmappedTargetUidsAsync(
        SyncContext context, long mailboxId, SyncSide target, uint from, CancellationToken cancellationToken)
    {
        var uids = await context.Server(target).FetchUidsAsync(Math.Max(from, 1), uint.MaxValue, cancellationToken).ConfigureAwait(false);
        var mapped = context.State.GetMappings(mailboxId).Select(m => target == SyncSide.Local ? m.LocalUid : m.RemoteUid).ToHashSet();
        return [.. uids.Where(u => !mapped.Contains(u))];
    }

    public static async Task<(IReadOnlyList<CompletedCopy> Found, IReadOnlyList<CopyIntent> Missing)> MatchAsync(
        IMailServer target, IReadOnlyList<CopyIntent> intents, IReadOnlyList<uint> candidates, CancellationToken cancellationToken, bool requireMessageId = false)
    {
        IReadOnlyList<MessageFingerprint> prints = candidates.Count == 0
            ? []
            : await target.FetchFingerprintsAsync(candidates, cancellationToken).ConfigureAwait(false);
        var available = prints.OrderByDescending(p => p.Uid).ToList();
        var found = new List<CompletedCopy>();
        var missing = new List<CopyIntent>();
        foreach (var intent in intents)
        {
            var match = requireMessageId && intent.MessageId is null ? null : available.FirstOrDefault(p => Matches(intent, p));
            if (match is null)
            {
                missing.Add(intent);
                continue;
            }

            available.Remove(match);
            found.Add(intent.Source == SyncSide.Local
                ? new CompletedCopy(intent.SourceUid, match.Uid, null, null)
                : new CompletedCopy(match.Uid, intent.SourceUid, null, null));
        }

        return (found, missing);
    }

    private static bool Matches(CopyIntent intent, MessageFingerprint print)
    {
        if (print.Size != intent.Size)
        {
            return false;
        }

        if (intent.MessageId is not null && !string.Equals(intent.MessageId, print.MessageId, StringComparison.Ordinal))
        {
            return false;
        }

        if (intent.InternalDate is not null && print.InternalDate is { } date
            && DateTimeOffset.TryParse(intent.InternalDate, CultureInfo.InvariantCulture, DateTimeStyles.None, out var wanted)
            && wanted.ToUnixTimeSeconds() != date.ToUnixTimeSeconds())
        {
            return false;
        }

        return true;
    }
}
