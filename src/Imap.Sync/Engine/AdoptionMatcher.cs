using Imap.Sync.Ports;
using Imap.Sync.State;

namespace Imap.Sync.Engine;

/// <summary>
/// The adoption rule for the first sync of a mailbox already populated on both sides: a local and a
/// remote message are the same when each has a Message-ID and Message-ID, RFC822.SIZE and INTERNALDATE
/// (to the second) are all equal. A fingerprint repeated on a side is paired in UID order, up to the
/// smaller count; the surplus is left to be copied, so both sides end with as many of each. A message
/// without a Message-ID is never paired: a wrong pair could later turn one message's deletion into
/// another's, while a copy can only duplicate.
/// </summary>
internal static class AdoptionMatcher
{
    /// <summary>The pairs found (flags unknown); UIDs not in a pair are left to be copied.</summary>
    public static List<CompletedCopy> Match(IEnumerable<MessageFingerprint> local, IEnumerable<MessageFingerprint> remote)
    {
        var waiting = new Dictionary<Key, Queue<MessageFingerprint>>();
        foreach (var print in local.OrderBy(p => p.Uid))
        {
            if (KeyOf(print) is { } key)
            {
                if (!waiting.TryGetValue(key, out var uids))
                {
                    waiting[key] = uids = new Queue<MessageFingerprint>();
                }

                uids.Enqueue(print);
            }
        }

        var pairs = new List<CompletedCopy>();
        foreach (var print in remote.OrderBy(p => p.Uid))
        {
            if (KeyOf(print) is { } key && waiting.TryGetValue(key, out var uids) && uids.TryDequeue(out var twin))
            {
                pairs.Add(new CompletedCopy(twin.Uid, print.Uid, null, null) { LocalEmailId = twin.EmailId, RemoteEmailId = print.EmailId });
            }
        }

        return pairs;
    }

    // Null when the message cannot be adopted: no Message-ID, or a size or date the server did not give.
    private static Key? KeyOf(MessageFingerprint print) =>
        print is { MessageId: { } id, Size: >= 0, InternalDate: { } date } ? new Key(id, print.Size, date.ToUnixTimeSeconds()) : null;

    private readonly record struct Key(string MessageId, long Size, long UnixSeconds);
}
