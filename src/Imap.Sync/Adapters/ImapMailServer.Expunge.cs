using Imap.Protocol.Client;
using Imap.Protocol.Commands;
using Imap.Protocol.Model;

namespace Imap.Sync.Adapters;

// UID EXPUNGE of single messages: their \Deleted flag and the EXPUNGE in one flight.
public sealed partial class ImapMailServer
{
    /// <summary>
    /// Issues (within OnLaneAsync) <c>UID STORE +FLAGS.SILENT (\Deleted)</c>, a SELECT of the lane's mailbox,
    /// then <c>UID EXPUNGE</c>. A server may run pipelined UID commands on one mailbox in parallel (Dovecot
    /// does, RFC 3501 section 5.5 lets it), so an EXPUNGE right behind the STORE could run before the flag is
    /// set. The SELECT is a sequence point: the server finishes the STORE before it runs it, and the EXPUNGE
    /// only after it. Without it the EXPUNGE had to wait for the STORE's reply, a round trip per mailbox.
    /// The result is what the EXPUNGE's replies named (VANISHED; nothing without QRESYNC).
    /// </summary>
    private Task<UidSet> IssueDeleteThenExpunge(UidSet set, CancellationToken cancellationToken)
    {
        var store = Refusable(_client.StoreAsync(set, StoreAction.Add, ["\\Deleted"], null, silent: true, cancellationToken));
        var mailbox = _laneMailbox ?? throw new InvalidOperationException("UID EXPUNGE without a selected mailbox.");
        var point = _client.SelectAsync(Name(mailbox), new SelectOptions { CondStore = Features.CondStore }, cancellationToken);
        var epoch = Interlocked.Increment(ref _reselects);
        _shared.SelectedBy = this;
        var expunge = Refusable(_client.ExpungeAsync(set, cancellationToken));
        return ExpungedAsync(store, point, epoch, expunge);
    }

    private async Task<UidSet> ExpungedAsync(Task<StoreResult> store, Task<SelectResult> point, int epoch, Task expunge)
    {
        SelectedMailbox model;
        try
        {
            NoteModSeqs(await store.ConfigureAwait(false));
            await CheckReselectAsync(point, epoch).ConfigureAwait(false);
            model = (await point.ConfigureAwait(false)).Mailbox;
        }
        catch
        {
            // The lane's model is not the SELECT's: its next command selects again. A refused STORE
            // ends the mailbox's pass as before; the EXPUNGE behind it removed at most messages that
            // were \Deleted already, and the next run finds them gone on this side.
            Drop(point);
            Drop(expunge);
            Deselected();
            throw;
        }

        await expunge.ConfigureAwait(false);
        // The EXPUNGE ran in the SELECT's model: its VANISHED replies are there, even once a later
        // SELECT (the check sent behind) has replaced it.
        return model.TakeVanished();
    }
}
