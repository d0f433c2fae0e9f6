using Imap.Sync.Ports;

namespace Imap.Sync.Engine;

/// <summary>
/// Decides whether an APPEND's APPENDUID can say which new UID is which message. A wrong pairing is
/// worse than a search: a later expunge would delete another message, and the real copy, unmapped,
/// would come back as a duplicate. So the UIDs must be one per message and, since UIDs are assigned in
/// strictly ascending order, ascending and above both the SELECT's UIDNEXT and every UID this pass
/// appended already. Otherwise the messages are found by fingerprint instead, with one warning per
/// mailbox and side. (UIDs that pass these checks are trusted, as every IMAP client does.)
/// </summary>
internal sealed class AppendUidCheck(SyncContext context, string display)
{
    private readonly Dictionary<SyncSide, long> _lowestNew = [];
    private readonly HashSet<SyncSide> _warned = [];
    private readonly HashSet<SyncSide> _trusted = [];

    /// <summary>
    /// True once an APPENDUID to <paramref name="target"/> was trusted and none was refused: only then may a
    /// batch be appended before the previous one's reply, whose messages a search by fingerprint would
    /// otherwise have to tell from the next batch's look-alikes.
    /// </summary>
    public bool TrustedSoFar(SyncSide target) => _trusted.Contains(target) && !_warned.Contains(target);

    /// <summary>The APPENDUID UIDs in message order, or null when they must not be used.</summary>
    public IReadOnlyList<uint>? Trusted(AppendedUids result, int messageCount, SyncSide target, SelectedMailboxState selected)
    {
        var lowest = Math.Max(selected.UidNext, _lowestNew.GetValueOrDefault(target));
        var problem = result.Uids switch
        {
            null when context.Server(target).Features.UidPlus =>
                $"the server advertises UIDPLUS but gave no APPENDUID with one UID per message for {messageCount} appended message(s)",
            null => null,
            { } uids when uids.Count != messageCount => $"APPENDUID lists {uids.Count} UID(s) for {messageCount} appended message(s)",
            { } uids when !AscendingFrom(uids, lowest) =>
                $"APPENDUID names UID(s) {UidText.Compact(uids)}, which cannot all be new (new UIDs are ascending from {lowest})",
            _ => null,
        };
        if (problem is not null && _warned.Add(target))
        {
            context.Reporter.Warning(
                $"APPEND to {target.Name()}: {problem}; the appended messages are looked for by Message-ID, size and date instead.", target, display);
        }

        if (problem is null && result.Uids is not null)
        {
            _trusted.Add(target);
        }

        return problem is null ? result.Uids : null;
    }

    /// <summary>Records the target UIDs a batch was mapped to: later APPENDs get higher ones.</summary>
    public void Appended(SyncSide target, IReadOnlyList<uint> uids)
    {
        if (uids.Count > 0)
        {
            _lowestNew[target] = Math.Max(_lowestNew.GetValueOrDefault(target), uids.Max() + 1L);
        }
    }

    private static bool AscendingFrom(IReadOnlyList<uint> uids, long lowest)
    {
        var next = lowest;
        foreach (var uid in uids)
        {
            if (uid < next)
            {
                return false;
            }

            next = uid + 1L;
        }

        return true;
    }
}
