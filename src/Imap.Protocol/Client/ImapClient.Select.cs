using Imap.Protocol.Model;

namespace Imap.Protocol.Client;

public sealed partial class ImapClient
{
    /// <summary>
    /// SELECT (or EXAMINE with <see cref="SelectOptions.ReadOnly"/>), with CONDSTORE or QRESYNC
    /// parameters. Runs alone in the pipeline. A failed SELECT leaves no mailbox selected.
    /// </summary>
    public async Task<SelectResult> SelectAsync(MailboxName mailbox, SelectOptions? options = null, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(mailbox);
        options ??= new SelectOptions();
        var name = options.ReadOnly ? "EXAMINE" : "SELECT";
        var builder = Mailbox(Command(name, options.ReadOnly ? "EXAMINE "u8 : "SELECT "u8), mailbox);
        if (options.QResync is { } q)
        {
            builder.Raw(" (QRESYNC ("u8).Number(q.UidValidity.Value).Space().Number(q.ModSeq.Value);
            if (q.KnownUids is { IsEmpty: false } known)
            {
                builder.Space().Ascii(known.ToString());
            }
            builder.Raw("))"u8);
        }
        else if (options.CondStore)
        {
            builder.Raw(" (CONDSTORE)"u8);
        }
        var changed = new List<FetchResponse>();
        var vanished = new List<UidRange>();
        var selected = new SelectedMailbox(mailbox, options.ReadOnly);
        var pending = new PendingCommand(builder.Build())
        {
            IsBarrier = true,
            Claim = r =>
            {
                switch (r)
                {
                    case VanishedResponse { Earlier: true } v:
                        vanished.AddRange(v.Uids.Ranges);
                        return true;
                    case FetchResponse f:
                        changed.Add(f);
                        return true;
                    case ExistsResponse or RecentResponse or FlagsResponse:
                        return true;
                    case StatusResponse { Status: ImapStatus.Ok, Code: not null }:
                        return true;
                    default:
                        return false;
                }
            },
        };
        // The new mailbox's data starts arriving with this command: point the state at it now.
        Selected = selected;
        State = ImapConnectionState.Selected;
        try
        {
            await ExecuteAsync(pending, cancellationToken).ConfigureAwait(false);
        }
        catch (ImapCommandException)
        {
            Selected = null;
            State = ImapConnectionState.Authenticated;
            throw;
        }
        return new SelectResult(selected, changed, UidSet.FromRanges(vanished));
    }

    /// <summary>UNSELECT (RFC 3691): leaves the mailbox without expunging. Falls back to CLOSE on EXAMINEd mailboxes when UNSELECT is missing.</summary>
    public async Task UnselectAsync(CancellationToken cancellationToken = default)
    {
        if (!Capabilities.Has("UNSELECT") && Selected is { ReadOnly: true })
        {
            await CloseAsync(cancellationToken).ConfigureAwait(false);
            return;
        }
        await ExecuteAsync(new PendingCommand(Command("UNSELECT", "UNSELECT"u8).Build()) { IsBarrier = true }, cancellationToken).ConfigureAwait(false);
        Deselect();
    }

    /// <summary>CLOSE: expunges \Deleted messages silently and leaves the mailbox.</summary>
    public async Task CloseAsync(CancellationToken cancellationToken = default)
    {
        await ExecuteAsync(new PendingCommand(Command("CLOSE", "CLOSE"u8).Build()) { IsBarrier = true }, cancellationToken).ConfigureAwait(false);
        Deselect();
    }

    private void Deselect()
    {
        Selected = null;
        State = ImapConnectionState.Authenticated;
    }
}
