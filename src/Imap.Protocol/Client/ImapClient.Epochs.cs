using Imap.Protocol.Model;

namespace Imap.Protocol.Client;

/// <summary>
/// Which selection untagged data belongs to. The server runs a SELECT only after every command sent
/// before it has completed, and the commands sent after it only once it has (RFC 3501 section 5.5;
/// Dovecot, Cyrus and Courier serialize so), so the read side follows the written epochs in order.
/// </summary>
public sealed partial class ImapClient
{
    private readonly List<PendingCommand> _claimants = []; // read loop only, under _sync

    /// <summary>
    /// The selection the data being read belongs to (under <see cref="_sync"/>): that of the oldest
    /// command in flight, or of a selection change that already completed or announced itself with
    /// [CLOSED] if that is later (a server may finish a SELECT before an earlier STATUS or LIST).
    /// </summary>
    private SelectionEpoch ReadEpoch()
    {
        var head = _inFlight.Count > 0 ? _inFlight[0] : null;
        return head is not null && head.Epoch.Number > _readEpoch.Number ? head.Epoch : _readEpoch;
    }

    /// <summary>
    /// Fills <paramref name="claimants"/> with the commands that may claim an untagged response, in
    /// the order they are asked: first those of the read epoch (only the SELECT itself while it is in
    /// flight: the commands after it have not started), then commands of earlier epochs still in
    /// flight, for their own data such as STATUS. Returns the read epoch's mailbox model.
    /// </summary>
    /// <param name="claimants">Receives the commands.</param>
    /// <param name="current">How many of them belong to the read epoch.</param>
    private SelectedMailbox? CollectClaimants(List<PendingCommand> claimants, out int current)
    {
        var epoch = ReadEpoch();
        foreach (var pending in _inFlight)
        {
            if (pending.Epoch.Number < epoch.Number)
            {
                continue;
            }
            if (pending.Epoch != epoch)
            {
                break;
            }
            if (pending.ChangesSelection)
            {
                claimants.Clear();
                claimants.Add(pending);
                break;
            }
            claimants.Add(pending);
        }
        current = claimants.Count;
        foreach (var pending in _inFlight)
        {
            if (pending.Epoch.Number < epoch.Number)
            {
                claimants.Add(pending);
            }
        }
        return epoch.Mailbox;
    }

    /// <summary>
    /// [CLOSED] (RFC 7162): the server has left the previous mailbox for the next SELECT/EXAMINE in
    /// flight, so what follows is that SELECT's even if earlier commands have not completed yet.
    /// </summary>
    private void SelectionClosed()
    {
        var epoch = ReadEpoch();
        foreach (var pending in _inFlight)
        {
            if (pending.Epoch == epoch && pending.ChangesSelection)
            {
                return; // the read epoch's own SELECT: its [CLOSED] is about the mailbox before it
            }
            if (pending.ChangesSelection)
            {
                if (pending.Selects is not null)
                {
                    pending.Previous?.Mailbox?.MarkClosed();
                    _readEpoch = pending.Epoch;
                }
                return;
            }
        }
    }

    /// <summary>
    /// A SELECT, EXAMINE, UNSELECT or CLOSE completed (on the read loop). A failed SELECT leaves no
    /// mailbox selected (RFC 3501), so the commands written after it run in none; a refused UNSELECT
    /// or CLOSE leaves the selection as it was.
    /// </summary>
    private void EndSelectionChange(PendingCommand change, bool succeeded)
    {
        lock (_sync)
        {
            var left = change.Selects is not null || succeeded;
            if (!succeeded)
            {
                change.Selects?.MarkClosed();
                change.Epoch.Mailbox = change.Selects is null ? change.Previous?.Mailbox : null;
            }
            if (left)
            {
                change.Previous?.Mailbox?.MarkClosed();
            }
            if (change.Epoch.Number > _readEpoch.Number)
            {
                _readEpoch = change.Epoch;
            }
            if (State != ImapConnectionState.Closed)
            {
                State = ReadEpoch().Mailbox is null ? ImapConnectionState.Authenticated : ImapConnectionState.Selected;
            }
        }
    }

    /// <summary>After LOGOUT: no mailbox is selected any more.</summary>
    private void ForgetSelection()
    {
        lock (_sync)
        {
            _readEpoch.Mailbox?.MarkClosed();
            _writtenEpoch = _readEpoch = new SelectionEpoch(_writtenEpoch.Number + 1, null);
        }
    }
}
