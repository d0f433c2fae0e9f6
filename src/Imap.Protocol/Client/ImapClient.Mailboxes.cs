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
        var builder = Command("LIST", "LIST "u8);
        if (request.SelectionOptions.Count > 0)
        {
            builder.Raw("("u8).Ascii(string.Join(' ', request.SelectionOptions)).Raw(") "u8);
        }
        builder.AString(EncodeName(request.Reference)).Space();
        if (request.Patterns.Count == 1)
        {
            builder.ListMailbox(EncodeName(request.Patterns[0]));
        }
        else
        {
            builder.Raw("("u8);
            for (var i = 0; i < request.Patterns.Count; i++)
            {
                if (i > 0)
                {
                    builder.Space();
                }
                builder.ListMailbox(EncodeName(request.Patterns[i]));
            }
            builder.Raw(")"u8);
        }
        var returns = new List<string>();
        if (request.ReturnSubscribed)
        {
            returns.Add("SUBSCRIBED");
        }
        if (request.ReturnChildren)
        {
            returns.Add("CHILDREN");
        }
        if (request.ReturnStatus != StatusItems.None)
        {
            returns.Add($"STATUS ({StatusItemNames(request.ReturnStatus)})");
        }
        if (returns.Count > 0)
        {
            builder.Raw(" RETURN ("u8).Ascii(string.Join(' ', returns)).Raw(")"u8);
        }
        var lists = new List<ListResponse>();
        var statuses = new Dictionary<MailboxName, MailboxStatusResponse>();
        var pending = new PendingCommand(builder.Build())
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
        var command = Command("LSUB", "LSUB "u8).AString(EncodeName(reference)).Space().ListMailbox(EncodeName(pattern)).Build();
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
        var command = Mailbox(Command("STATUS", "STATUS "u8), mailbox).Raw(" ("u8).Ascii(StatusItemNames(items)).Raw(")"u8).Build();
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
        var command = Mailbox(Mailbox(Command("RENAME", "RENAME "u8), from).Space(), to).Build();
        return _connection.ExecuteAsync(new PendingCommand(command), cancellationToken);
    }

    private Task<StatusResponse> MailboxCommandAsync(string name, ReadOnlySpan<byte> verb, MailboxName mailbox, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(mailbox);
        return _connection.ExecuteAsync(new PendingCommand(Mailbox(Command(name, verb), mailbox).Build()), cancellationToken);
    }

    /// <summary>Writes a mailbox name: modified UTF-7, or UTF-8 once UTF8=ACCEPT is enabled.</summary>
    private ImapCommandBuilder Mailbox(ImapCommandBuilder builder, MailboxName mailbox) =>
        builder.AString(Utf8Enabled ? mailbox.Name : mailbox.Wire);

    private string EncodeName(string name) => Utf8Enabled ? name : ModifiedUtf7.Encode(name);

    private static string StatusItemNames(StatusItems items)
    {
        var names = new List<string>();
        if (items.HasFlag(StatusItems.Messages)) names.Add("MESSAGES");
        if (items.HasFlag(StatusItems.Recent)) names.Add("RECENT");
        if (items.HasFlag(StatusItems.UidNext)) names.Add("UIDNEXT");
        if (items.HasFlag(StatusItems.UidValidity)) names.Add("UIDVALIDITY");
        if (items.HasFlag(StatusItems.Unseen)) names.Add("UNSEEN");
        if (items.HasFlag(StatusItems.HighestModSeq)) names.Add("HIGHESTMODSEQ");
        if (items.HasFlag(StatusItems.Size)) names.Add("SIZE");
        if (items.HasFlag(StatusItems.MailboxId)) names.Add("MAILBOXID");
        return string.Join(' ', names);
    }
}
