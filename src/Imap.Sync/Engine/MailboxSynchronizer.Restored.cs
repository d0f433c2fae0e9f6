using Imap.Sync.Ports;

namespace Imap.Sync.Engine;

// Servers restored from a backup.
internal sealed partial class MailboxSynchronizer
{
    /// <summary>
    /// A restored server hands out again the UIDs of the messages it lost, so new mail there can sit at
    /// a mapped UID whose real counterpart now lives only on the other side. Taken for the lost message,
    /// it would never be copied, and deleting it would expunge that only copy. Every still-present pair
    /// is therefore compared by fingerprint; pairs that are not the same message are unmapped and both
    /// messages are copied to the other side (a false alarm can only duplicate, never lose).
    /// </summary>
    private async Task<Sides<List<uint>>> SeparateReusedUidsAsync(SidePair sides, CancellationToken cancellationToken)
    {
        var copies = Sides<List<uint>>.Each(() => []);
        if (!sides.Restored(SyncSide.Local) && !sides.Restored(SyncSide.Remote))
        {
            return copies;
        }

        var pairs = _context.State.GetMappings(_id)
            .Where(p => !sides.Local.Vanished.Contains(p.LocalUid) && !sides.Remote.Vanished.Contains(p.RemoteUid))
            .ToList();
        if (pairs.Count == 0)
        {
            return copies;
        }

        var localTask = _context.Local.FetchFingerprintsAsync([.. pairs.Select(p => p.LocalUid)], cancellationToken).AsTask();
        var remotePrints = await _context.Remote.FetchFingerprintsAsync([.. pairs.Select(p => p.RemoteUid)], cancellationToken).ConfigureAwait(false);
        var localPrints = (await localTask.ConfigureAwait(false)).ToDictionary(p => p.Uid);
        var remoteByUid = remotePrints.ToDictionary(p => p.Uid);
        var split = new List<uint>();
        foreach (var pair in pairs)
        {
            if (localPrints.TryGetValue(pair.LocalUid, out var l) && remoteByUid.TryGetValue(pair.RemoteUid, out var r) && !SameMessage(l, r))
            {
                split.Add(pair.LocalUid);
                copies.Local.Add(pair.LocalUid);
                copies.Remote.Add(pair.RemoteUid);
            }
        }

        if (split.Count > 0)
        {
            _context.Reporter.Warning(
                $"{split.Count} mapped pair(s) no longer hold the same message (UIDs reused after a restore): local UID(s) {UidText.Compact(split)} unmapped; both copies are kept and copied across.",
                null,
                _display);
            _context.State.RemoveMappings(_id, split);
        }

        return copies;
    }

    // Different Message-IDs are different messages; without one, size and internal date must both be
    // known and agree (a pair kept by mistake is worse than one split by mistake, which only duplicates).
    private static bool SameMessage(MessageFingerprint a, MessageFingerprint b)
    {
        if (!string.Equals(a.MessageId, b.MessageId, StringComparison.Ordinal))
        {
            return false;
        }

        return a.MessageId is not null
            || (a.Size == b.Size && a.InternalDate is { } x && b.InternalDate is { } y && x.ToUnixTimeSeconds() == y.ToUnixTimeSeconds());
    }
}
