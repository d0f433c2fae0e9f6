using System.Runtime.CompilerServices;
using System.Text;
using Imap.Protocol.Client;
using Imap.Protocol.Commands;
using Imap.Protocol.Model;
using Imap.Sync.Ports;
using ClientList = Imap.Protocol.Client.ListRequest;
using ClientQResync = Imap.Protocol.Client.QResyncParameters;
using AppendResult = Imap.Sync.Ports.AppendResult;
using PortList = Imap.Sync.Ports.ListRequest;
using PortQResync = Imap.Sync.Ports.QResyncParameters;
using PortSelected = Imap.Sync.Ports.SelectedMailbox;

namespace ImapSync.Cli.Wiring;

/// <summary>
/// The engine's port over a logged-in <see cref="ImapClient"/>. Names arrive in wire form (modified
/// UTF-7) and are handed to the client as such; a tagged NO/BAD becomes
/// <see cref="MailServerCommandException"/> so the engine can tell it from a lost connection.
/// </summary>
internal sealed class ImapMailServer : IMailServer
{
    private readonly ImapClient _client;

    public ImapMailServer(ImapClient client)
    {
        _client = client;
        var capabilities = client.Capabilities;
        Features = new ServerFeatures
        {
            QResync = client.Enabled.Contains("QRESYNC"),
            CondStore = capabilities.CondStore || capabilities.QResync,
            ListExtended = capabilities.ListExtended,
            ListStatus = capabilities.ListStatus,
            MultiAppend = capabilities.MultiAppend,
            UidPlus = capabilities.UidPlus,
        };
    }

    public ServerFeatures Features { get; }

    public async ValueTask<IReadOnlyList<ListedMailbox>> ListAsync(PortList request, CancellationToken cancellationToken)
    {
        var status = StatusItems.UidValidity | StatusItems.UidNext | (Features.CondStore ? StatusItems.HighestModSeq : StatusItems.None);
        var entries = await Run(() => _client.ListAsync(new ClientList
        {
            Reference = ModifiedUtf7.Decode(request.Reference),
            Patterns = [.. request.Patterns.Select(ModifiedUtf7.Decode)],
            SelectionOptions = Features.ListExtended ? request.SelectionOptions : [],
            ReturnSubscribed = request.ReturnSubscribed && Features.ListExtended,
            ReturnStatus = request.ReturnStatus && Features.ListStatus ? status : StatusItems.None,
        }, cancellationToken));
        return [.. entries.Select(e => new ListedMailbox(
            e.Mailbox.Mailbox.Wire,
            e.Mailbox.Delimiter,
            e.Mailbox.Attributes,
            e.Status is null ? null : ToStatus(e.Status)))];
    }

    public async ValueTask<MailboxStatus> GetStatusAsync(string mailbox, CancellationToken cancellationToken)
    {
        var items = StatusItems.UidValidity | StatusItems.UidNext | (Features.CondStore ? StatusItems.HighestModSeq : StatusItems.None);
        return ToStatus(await Run(() => _client.StatusAsync(Name(mailbox), items, cancellationToken)));
    }

    public async ValueTask CreateMailboxAsync(string mailbox, CancellationToken cancellationToken) =>
        await Run(() => _client.CreateAsync(Name(mailbox), cancellationToken));

    public async ValueTask DeleteMailboxAsync(string mailbox, CancellationToken cancellationToken) =>
        await Run(() => _client.DeleteAsync(Name(mailbox), cancellationToken));

    public async ValueTask RenameMailboxAsync(string oldName, string newName, CancellationToken cancellationToken) =>
        await Run(() => _client.RenameAsync(Name(oldName), Name(newName), cancellationToken));

    public async ValueTask SetSubscriptionAsync(string mailbox, bool subscribed, CancellationToken cancellationToken) =>
        await Run(() => subscribed
            ? _client.SubscribeAsync(Name(mailbox), cancellationToken)
            : _client.UnsubscribeAsync(Name(mailbox), cancellationToken));

    public async ValueTask<PortSelected> SelectAsync(string mailbox, PortQResync? qresync, CancellationToken cancellationToken)
    {
        var options = new SelectOptions
        {
            CondStore = qresync is null && Features.CondStore,
            QResync = qresync is null || !Features.QResync ? null : new ClientQResync(
                new UidValidity(qresync.UidValidity),
                new ModSeq(qresync.HighestModSeq),
                qresync.KnownUids is { Count: > 0 } known ? Set(known)
                    : qresync.UidNext > 1 ? UidSet.FromRanges([new UidRange(1, qresync.UidNext - 1)]) : null),
        };
        var result = await Run(() => _client.SelectAsync(Name(mailbox), options, cancellationToken));
        var selected = result.Mailbox;
        return new PortSelected(
            selected.UidValidity?.Value ?? 0,
            selected.UidNext?.Value ?? 0,
            selected.NoModSeq ? 0 : selected.HighestModSeq?.Value ?? 0,
            selected.PermanentFlags is { } permanent ? [.. permanent.Select(f => f.Name), .. selected.AllowsNewKeywords ? ["\\*"] : Array.Empty<string>()] : null,
            [.. result.Vanished.Select(u => u.Value)],
            [.. result.Changed.Where(f => f.Uid is not null && f.Flags is not null).Select(ToFlags)]);
    }

    public async ValueTask<IReadOnlyList<MessageFlags>> FetchFlagsAsync(uint first, uint last, ulong? changedSince, CancellationToken cancellationToken)
    {
        if (last < first)
        {
            return [];
        }

        var request = new FetchRequest
        {
            Flags = true,
            ModSeq = Features.CondStore,
            ChangedSince = changedSince is { } since && Features.CondStore ? new ModSeq(since) : null,
        };
        var fetched = await Run(() => _client.FetchListAsync(UidSet.FromRanges([new UidRange(first, last)]), request, cancellationToken));
        return [.. fetched.Where(f => f.Uid is { } uid && uid.Value >= first && uid.Value <= last && f.Flags is not null).Select(ToFlags)];
    }

    public async ValueTask<IReadOnlyList<MessageFlags>> FetchFlagsAsync(IReadOnlyList<uint> uids, CancellationToken cancellationToken)
    {
        if (uids.Count == 0)
        {
            return [];
        }

        var wanted = uids.ToHashSet();
        var fetched = await Run(() => _client.FetchListAsync(Set(uids), new FetchRequest { Flags = true, ModSeq = Features.CondStore }, cancellationToken));
        return [.. fetched.Where(f => f.Uid is { } uid && wanted.Contains(uid.Value) && f.Flags is not null).Select(ToFlags)];
    }

    public async ValueTask<IReadOnlyList<uint>> FetchUidsAsync(uint first, uint last, CancellationToken cancellationToken)
    {
        if (last < first)
        {
            return [];
        }

        var found = await Run(() => _client.SearchAsync($"UID {first}:{last}", cancellationToken));
        return [.. found.Uids.Select(u => u.Value).Where(u => u >= first && u <= last).Order()];
    }

    public async ValueTask<IReadOnlyList<uint>> StoreFlagsAsync(IReadOnlyList<uint> uids, IReadOnlyList<string> flags, ulong? unchangedSince, CancellationToken cancellationToken)
    {
        if (uids.Count == 0)
        {
            return [];
        }

        var result = await Run(() => _client.StoreAsync(
            Set(uids), StoreAction.Replace, flags, unchangedSince is { } modseq ? new ModSeq(modseq) : null, silent: true, cancellationToken));
        return [.. result.Modified.Select(u => u.Value)];
    }

    public async ValueTask<IReadOnlyList<uint>> ExpungeAsync(IReadOnlyList<uint> uids, CancellationToken cancellationToken)
    {
        if (uids.Count == 0)
        {
            return [];
        }

        var set = Set(uids);
        await Run(() => _client.StoreAsync(set, StoreAction.Add, ["\\Deleted"], null, silent: true, cancellationToken));
        _ = _client.Selected?.TakeVanished();
        await Run(() => _client.ExpungeAsync(set, cancellationToken));
        var vanished = _client.Selected?.TakeVanished();
        if (vanished is null || vanished.Count == 0)
        {
            // No VANISHED (a server without QRESYNC reports EXPUNGE by sequence number): the tagged OK
            // of UID EXPUNGE on exactly these \Deleted UIDs is the confirmation.
            return uids;
        }

        return [.. uids.Where(u => vanished.Contains(new Uid(u)))];
    }

    public async IAsyncEnumerable<FetchedMessage> FetchMessagesAsync(IReadOnlyList<uint> uids, [EnumeratorCancellation] CancellationToken cancellationToken)
    {
        if (uids.Count == 0)
        {
            yield break;
        }

        var request = new FetchRequest { Flags = true, InternalDate = true, BodyItems = ["BODY.PEEK[]"] };
        var messages = _client.FetchAsync(Set(uids), request, cancellationToken);
        await using var enumerator = messages.GetAsyncEnumerator(cancellationToken);
        while (true)
        {
            FetchResponse response;
            try
            {
                if (!await enumerator.MoveNextAsync())
                {
                    yield break;
                }

                response = enumerator.Current;
            }
            catch (ImapCommandException e)
            {
                throw Refused(e);
            }

            if (response.Uid is not { } uid || response.GetBody() is not { Data: { } body })
            {
                continue; // an unsolicited FETCH (flags) or a NIL body: nothing to copy
            }

            yield return new FetchedMessage(uid.Value, Names(response.Flags), response.InternalDate, body);
        }
    }

    public async ValueTask<IReadOnlyList<MessageFingerprint>> FetchFingerprintsAsync(IReadOnlyList<uint> uids, CancellationToken cancellationToken)
    {
        if (uids.Count == 0)
        {
            return [];
        }

        var request = new FetchRequest { Size = true, InternalDate = true, BodyItems = ["BODY.PEEK[HEADER.FIELDS (MESSAGE-ID)]"] };
        var fetched = await Run(() => _client.FetchListAsync(Set(uids), request, cancellationToken));
        return [.. fetched.Where(f => f.Uid is not null).Select(f => new MessageFingerprint(
            f.Uid!.Value.Value,
            f.Rfc822Size ?? -1,
            f.InternalDate,
            MessageIdOf(f.Bodies.FirstOrDefault(b => b.Section.StartsWith("HEADER", StringComparison.OrdinalIgnoreCase))?.Data)))];
    }

    public async ValueTask<AppendResult> AppendAsync(string mailbox, IReadOnlyList<MessageToAppend> messages, CancellationToken cancellationToken)
    {
        var name = Name(mailbox);
        var toAppend = messages.Select(m => new AppendMessage
        {
            Content = ImapLiteral.FromMemory(m.Body),
            Flags = m.Flags,
            InternalDate = m.InternalDate,
        }).ToList();
        if (Features.MultiAppend || toAppend.Count == 1)
        {
            var result = await Run(() => _client.AppendAsync(name, toAppend, cancellationToken));
            return ToAppendResult(result, toAppend.Count);
        }

        uint? validity = null;
        var uidsSeen = new List<uint>();
        foreach (var message in toAppend)
        {
            var one = ToAppendResult(await Run(() => _client.AppendAsync(name, message, cancellationToken)), 1);
            validity = one.UidValidity;
            if (one.Uids is null)
            {
                return new AppendResult(null, null);
            }

            uidsSeen.AddRange(one.Uids);
        }

        return new AppendResult(validity, uidsSeen);
    }

    public ValueTask DisposeAsync() => ValueTask.CompletedTask; // the connection belongs to the caller

    private static AppendResult ToAppendResult(Imap.Protocol.Client.AppendResult result, int count) =>
        result.UidValidity is { } validity && result.Uids.Count == count
            ? new AppendResult(validity.Value, [.. result.Uids.Select(u => u.Value)])
            : new AppendResult(null, null);

    private static MailboxName Name(string wire) => MailboxName.FromWire(wire);

    private static UidSet Set(IEnumerable<uint> uids) => UidSet.FromUids(uids.Select(u => new Uid(u)));

    private static MailboxStatus ToStatus(MailboxStatusResponse status) =>
        new(status.UidValidity?.Value ?? 0, status.UidNext?.Value ?? 0, status.HighestModSeq?.Value ?? 0);

    private static MessageFlags ToFlags(FetchResponse fetch) =>
        new(fetch.Uid!.Value.Value, Names(fetch.Flags), fetch.ModSeq?.Value ?? 0);

    private static List<string> Names(FlagSet? flags) => flags is { } set ? [.. set.Select(f => f.Name)] : [];

    private static string? MessageIdOf(ReadOnlyMemory<byte>? header)
    {
        if (header is not { } bytes)
        {
            return null;
        }

        // "Message-ID: <x@y>" possibly folded over several lines.
        var text = Encoding.Latin1.GetString(bytes.Span).Replace("\r\n ", " ", StringComparison.Ordinal).Replace("\r\n\t", " ", StringComparison.Ordinal);
        foreach (var line in text.Split("\r\n"))
        {
            var colon = line.IndexOf(':', StringComparison.Ordinal);
            if (colon > 0 && line[..colon].Trim().Equals("Message-ID", StringComparison.OrdinalIgnoreCase))
            {
                var value = line[(colon + 1)..].Trim();
                return value.Length > 0 ? value : null;
            }
        }

        return null;
    }

    private static MailServerCommandException Refused(ImapCommandException e) => new(e.Message, e);

    private static async Task<T> Run<T>(Func<Task<T>> command)
    {
        try
        {
            return await command();
        }
        catch (ImapCommandException e)
        {
            throw Refused(e);
        }
    }

    private static async Task Run(Func<Task> command)
    {
        try
        {
            await command();
        }
        catch (ImapCommandException e)
        {
            throw Refused(e);
        }
    }
}
