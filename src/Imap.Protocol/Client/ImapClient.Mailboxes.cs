using Imap.Protocol.Commands;
using Imap.Protocol.Model;

namespace Imap.Protocol.Client;

public sealed partial class ImapClient
{
    /// <summary>
    /// LIST, with LIST-EXTENDED selection options, several patterns and RETURN (SUBSCRIBED CHILDREN
    /// STATUS (...)) when asked, in one round trip.
    /// </summary>
    public async Task<IReadOnlyList<ListEntry>> ListAsync(ListRequest? request = null, CancellationToken cancellationToken = default)
    {
        request ??= new ListRequest();
        var lists = new List<ListResponse>();
        var statuses = new Dictionary<MailboxName, MailboxStatusResponse>();
        var pending = new PendingCommand(Encode(new ListCommand(request)))
        {
            Claim = r =>
            {
                switch (r)
                {
                    case ListResponse { IsLsub: false } list:
                        lists.Add(list);
                        return true;
                    case MailboxStatusResponse status when request.ReturnStatus != StatusItems.None:
                        statuses[status.Mailbox] = status;
                        return true;
                    default:
                        return false;
                }
            },
        };
        await _connection.ExecuteAsync(pending, cancellationToken).ConfigureAwait(false);
        return lists.Select(l => new ListEntry(l, statuses.GetValueOrDefault(l.Mailbox))).ToArray();
    }

    /// <summary>LSUB (subscribed mailboxes, the pre-LIST-EXTENDED way).</summary>
    public async Task<IReadOnlyList<ListResponse>> LsubAsync(string reference = "", string pattern = "*", CancellationToken cancellationToken = default)
    {
        var command = Command("LSUB", "LSUB "u8).MailboxReference(reference).Space().MailboxPattern(pattern)
            .Build(Pipelining.Answering(new UntaggedAnswers(UntaggedAnswerKinds.Lsub)));
        var lists = new List<ListResponse>();
        var pending = new PendingCommand(command)
        {
            Claim = r =>
            {
                if (r is not ListResponse { IsLsub: true } list)
                {
                    return false;
                }
                lists.Add(list);
                return true;
            },
        };
        await _connection.ExecuteAsync(pending, cancellationToken).ConfigureAwait(false);
        return lists;
    }

    /// <summary>STATUS of a mailbox that need not be selected.</summary>
    public async Task<MailboxStatusResponse> StatusAsync(MailboxName mailbox, StatusItems items, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(mailbox);
        var command = Encode(new StatusCommand(mailbox, items));
        MailboxStatusResponse? result = null;
        var pending = new PendingCommand(command)
        {
            Claim = r =>
            {
                if (r is not MailboxStatusResponse status || result is not null || !status.Mailbox.Equals(mailbox))
                {
                    return false;
                }
                result = status;
                return true;
            },
        };
        await _connection.ExecuteAsync(pending, cancellationToken).ConfigureAwait(false);
        return result ?? throw new ImapCommandException($"STATUS {mailbox}: the server sent no STATUS data");
    }

    /// <summary>CREATE.</summary>
    public Task CreateAsync(MailboxName mailbox, CancellationToken cancellationToken = default) =>
        MailboxCommandAsync("CREATE", "CREATE "u8, mailbox, cancellationToken);

    /// <summary>DELETE.</summary>
    public Task DeleteAsync(MailboxName mailbox, CancellationToken cancellationToken = default) =>
        MailboxCommandAsync("DELETE", "DELETE "u8, mailbox, cancellationToken);

    /// <summary>SUBSCRIBE.</summary>
    public Task SubscribeAsync(MailboxName mailbox, CancellationToken cancellationToken = default) =>
        MailboxCommandAsync("SUBSCRIBE", "SUBSCRIBE "u8, mailbox, cancellationToken);

    /// <summary>UNSUBSCRIBE.</summary>
    public Task UnsubscribeAsync(MailboxName mailbox, CancellationToken cancellationToken = default) =>
        MailboxCommandAsync("UNSUBSCRIBE", "UNSUBSCRIBE "u8, mailbox, cancellationToken);

    /// <summary>RENAME.</summary>
    public Task RenameAsync(MailboxName from, MailboxName to, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(from);
        ArgumentNullException.ThrowIfNull(to);
        var command = Command("RENAME", "RENAME "u8).Mailbox(from).Space().Mailbox(to).Build(Pipelining.Independent);
        return _connection.ExecuteAsync(new PendingCommand(command), cancellationToken);
    }

    private Task<StatusResponse> MailboxCommandAsync(string name, ReadOnlySpan<byte> verb, MailboxName mailbox, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(mailbox);
        return _connection.ExecuteAsync(new PendingCommand(Command(name, verb).Mailbox(mailbox).Build(Pipelining.Independent)), cancellationToken);
    }
}
