using Imap.Protocol.Commands;
using Imap.Protocol.Model;

namespace Imap.Protocol.Client;

public sealed partial class ImapClient
{
    /// <summary>
    /// SELECT (or EXAMINE with <see cref="SelectOptions.ReadOnly"/>), with CONDSTORE or QRESYNC
    /// parameters. Pipelined like other commands: commands called before it run in the mailbox
    /// selected before, commands called after it run in this one (see <see cref="ImapClient"/>). A
    /// failed SELECT leaves no mailbox selected, so the mailbox commands called after it fail too.
    /// </summary>
    public async Task<SelectResult> SelectAsync(MailboxName mailbox, SelectOptions? options = null, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(mailbox);
        options ??= new SelectOptions();
        var command = Encode(new SelectCommand(mailbox, options));
        var changed = new List<FetchResponse>();
        var vanished = new List<UidRange>();
        var selected = new SelectedMailbox(mailbox, options.ReadOnly);
        var onFlags = options.OnChangedFlags;
        var pending = new PendingCommand(command)
        {
            Selects = selected,
            ChangedFlags = onFlags,
            Claim = r =>
            {
                switch (r)
                {
                    case VanishedResponse { Earlier: true } v:
                        vanished.AddRange(v.Uids.Ranges);
                        return true;
                    case FetchResponse { Uid: { } uid, Flags: { } flags } f when onFlags is not null:
                        onFlags(new FetchedFlags(uid, flags, f.ModSeq));
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
        await _connection.ExecuteAsync(pending, cancellationToken).ConfigureAwait(false);
        return new SelectResult(selected, changed, UidSet.FromRanges(vanished));
    }

    /// <summary>
    /// UNSELECT (RFC 3691): leaves the mailbox without expunging. Falls back to CLOSE on EXAMINEd
    /// mailboxes when UNSELECT is missing. Pipelined like <see cref="SelectAsync"/>.
    /// </summary>
    public Task UnselectAsync(CancellationToken cancellationToken = default)
    {
        if (!Capabilities.Has("UNSELECT") && _connection.WrittenSelection is { ReadOnly: true })
        {
            return CloseAsync(cancellationToken);
        }
        return _connection.ExecuteAsync(new PendingCommand(Encode(SimpleCommand.Unselect)), cancellationToken);
    }

    /// <summary>CLOSE: expunges \Deleted messages silently and leaves the mailbox. Pipelined like <see cref="SelectAsync"/>.</summary>
    public Task CloseAsync(CancellationToken cancellationToken = default) =>
        _connection.ExecuteAsync(new PendingCommand(Encode(SimpleCommand.Close)), cancellationToken);
}
