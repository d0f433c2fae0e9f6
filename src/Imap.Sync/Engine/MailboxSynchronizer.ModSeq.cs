using Imap.Sync.Engine.Changes;
using Imap.Sync.Ports;
using Imap.Sync.State;

namespace Imap.Sync.Engine;

// How far a side's stored HIGHESTMODSEQ may advance past the SELECT's after our own writes.
//
// Storing the SELECT's HIGHESTMODSEQ (m0) is always safe, but our own APPENDs, STOREs and EXPUNGEs
// raise the server's, so the next run would select the mailbox again only to find our changes. So,
// on a side we wrote to, with the mailbox still selected and every write answered:
//  1. r := the highest MODSEQ the server has reported on this connection (HIGHESTMODSEQ codes, the
//     MODSEQ of our STOREs). Each is the MODSEQ of a change committed before r was read, and MODSEQs
//     are given in commit order, so every change up to r was committed before step 2 reaches it.
//  2. Only then: UID FETCH 1:* (FLAGS MODSEQ) (CHANGEDSINCE m0 VANISHED) (without QRESYNC, a UID
//     SEARCH for expunges). Its answer reflects every change up to r, and more; with QRESYNC it is as
//     long as the changes since m0 (mostly our own), not the mailbox.
//  3. r is stored only if that answer holds nothing the next pass would act on: no mapped message
//     gone, and every changed mapped one holding exactly the flags recorded for it in the database (our
//     own STOREs and APPENDs; a change equal to the record is what the next pass drops as an echo).
//     Only the rows of the UIDs in the answer are read. Unmapped messages are ignored, as the next
//     pass ignores them: our own expunges (their rows are gone), UIDs that never held a message, and
//     new messages, which UIDNEXT covers, not HIGHESTMODSEQ.
// A pass starting from r then does what one starting from m0 would. A change after step 1 (even
// during step 2) gets a MODSEQ above r and is reported by the next SELECT; one before it is in the
// answer, and if it is someone else's (a foreign flag list, an expunge) m0 is kept. Values seen only
// in step 2's answer are never used: a server need not answer a FETCH from a single snapshot.
// Nothing here writes to a server or the database; the result goes into the pass's final commit, so
// a kill anywhere leaves the previous state. Asking only on sides we wrote to just saves round trips:
// m0 is always safe. Servers that report nothing past m0 (Dovecot with CONDSTORE alone after an APPEND
// or EXPUNGE, Cyrus 3.6 after an APPEND) are not asked and keep m0.
internal sealed partial class MailboxSynchronizer
{
    private volatile bool _wroteLocal;
    private volatile bool _wroteRemote;

    // Sides with flag changes this pass could not carry over (see GiveUpStores).
    private readonly HashSet<SyncSide> _heldBack = [];

    // While the known changes are written: CheckSinceAfterKnownChanges, for their last write per side.
    private Sides<ulong?> _checkSince;

    // How many of the check's changed UIDs have their recorded flags read at once.
    private const int RecordedFlagsChunk = 1000;

    private void MarkWritten(SyncSide side)
    {
        if (side == SyncSide.Local)
        {
            _wroteLocal = true;
        }
        else
        {
            _wroteRemote = true;
        }
    }

    private async Task<(ulong Local, ulong Remote)> ModSeqsToStoreAsync(SidePair sides, CancellationToken cancellationToken)
    {
        var localTask = _heldBack.Contains(SyncSide.Local)
            ? Task.FromResult(HeldBackModSeq(SyncSide.Local, sides))
            : ModSeqToStoreAsync(SyncSide.Local, sides.Local, _wroteLocal, cancellationToken);
        var remoteTask = _heldBack.Contains(SyncSide.Remote)
            ? Task.FromResult(HeldBackModSeq(SyncSide.Remote, sides))
            : ModSeqToStoreAsync(SyncSide.Remote, sides.Remote, _wroteRemote, cancellationToken);
        var local = await localTask.ConfigureAwait(false);
        var remote = await remoteTask.ConfigureAwait(false);
        return (local, remote);
    }

    // A side whose changes were not all carried over keeps the HIGHESTMODSEQ it had before this pass, so
    // the next run reads them again. A restored side's stored value is ahead of its server (and one not
    // yet stored is 0): 0 there, a full scan, which reads everything.
    private static ulong HeldBackModSeq(SyncSide side, SidePair sides) =>
        sides.Restored(side) ? 0 : Math.Min(sides.StoredOf(side)?.HighestModSeq ?? 0, sides.Of(side).Selected.HighestModSeq);

    // Whether ModSeqToStoreAsync asks the server (it does on a side it wrote to).
    private bool Checks(IMailServer server) =>
        (_context.Options.MaxChangeSource ?? ChangeSourceKind.QResync) >= ChangeSourceKind.CondStore && server.Features.CondStore;

    // Per side, the MODSEQ the check will ask about when the known changes' last write there is the
    // pass's last write there (no copy to that side can follow): the server may then send the check in
    // the same flight as that write (IMailServer.SendChangesSinceWithNextWrite). A wrong guess costs
    // the server one answer nobody takes; the check is then asked again, after the later write.
    private Sides<ulong?> CheckSinceAfterKnownChanges(SidePair sides, Sides<List<uint>> toCopy)
    {
        return new(For(SyncSide.Local), For(SyncSide.Remote));

        ulong? For(SyncSide side)
        {
            var from = side.Other();
            var selected = sides.Of(side).Selected.HighestModSeq;
            var newMail = sides.Of(from).Selected.UidNext > (sides.StoredOf(from)?.UidNext ?? 0);
            var copies = newMail || toCopy[from].Count > 0 || sides.FirstPass || _context.Repair || sides.Restored(side);
            return !copies && selected > 0 && Checks(_context.Server(side)) ? selected : null;
        }
    }

    private async Task<ulong> ModSeqToStoreAsync(SyncSide side, SideChanges changes, bool wrote, CancellationToken cancellationToken)
    {
        var selected = changes.Selected.HighestModSeq;
        var server = _context.Server(side);
        if (!wrote || selected == 0 || !Checks(server))
        {
            return selected;
        }

        ChangesSince answer;
        try
        {
            answer = await server.FetchChangesSinceAsync(selected, cancellationToken).ConfigureAwait(false);
        }
        catch (MailServerCommandException)
        {
            return selected; // refused (a server without CHANGEDSINCE after all): today's value, nothing lost
        }

        if (server.SelectedModSeqUnusable)
        {
            return 0; // the answer held negative MODSEQs: none is recorded (see ReadChangesAsync)
        }

        var mapped = new MappedUids(_context.State, _id, side);
        if (answer.ReportedModSeq <= selected || mapped.Within(answer.Vanished).Count > 0)
        {
            return selected; // a mapped message gone: someone else's expunge, the next pass reads it
        }

        // In chunks: after an initial copy the answer names every message copied, and their recorded
        // rows read at once were a few hundred bytes per message of the copy's peak memory.
        foreach (var chunk in answer.Changed.Chunk(RecordedFlagsChunk))
        {
            var changed = chunk.Select(c => c.Uid).ToList();
            var recorded = (side == SyncSide.Local ? _context.State.GetMappings(_id, changed, []) : _context.State.GetMappings(_id, [], changed))
                .ToDictionary(p => p.Uid(side), p => p.Flags(side));
            foreach (var change in chunk)
            {
                if (recorded.TryGetValue(change.Uid, out var flags) && !string.Equals(flags, FlagList.Join(change.Flags), StringComparison.Ordinal))
                {
                    return selected; // someone else's change (or one we could not record): the next pass reads it
                }
            }
        }

        return answer.ReportedModSeq;
    }
}
