using Imap.Protocol.Auth;
using Imap.Protocol.Client;
using Imap.Protocol.Commands;
using Imap.Protocol.Model;
using Imap.Protocol.Transport;

namespace FloorCopier;

/// <summary>
/// Copies each mailbox in batches: the bodies of batch k+1 are fetched while batch k is appended, so
/// both connections stay busy and memory holds at most two batches.
/// </summary>
internal static class MailboxCopier
{
    public static async Task<(long Messages, long Bytes)> CopyAllAsync(CopierOptions options)
    {
        await using var source = await ConnectAsync(options.FromHost, options.FromPort, options, options.CompressFrom);
        await using var target = await ConnectAsync(options.ToHost, options.ToPort, options, options.CompressTo);
        var existing = (await target.ListAsync()).Select(e => e.Mailbox.Mailbox).ToHashSet();
        long messages = 0, bytes = 0;
        foreach (var entry in await source.ListAsync())
        {
            if (entry.Mailbox.IsNoSelect)
            {
                continue;
            }
            var mailbox = entry.Mailbox.Mailbox;
            if (!existing.Contains(mailbox))
            {
                await target.CreateAsync(mailbox);
            }
            var (m, b) = await CopyMailboxAsync(source, target, mailbox, options);
            messages += m;
            bytes += b;
        }
        return (messages, bytes);
    }

    private static async Task<ImapClient> ConnectAsync(string host, int port, CopierOptions options, bool compress)
    {
        var client = await ImapClient.ConnectAsync(new ImapClientOptions
        {
            Transport = new ImapTransportOptions { Host = host, Port = port, Security = ImapSecurity.None },
        });
        await client.AuthenticateAsync(new ImapCredentials { UserName = options.User, Password = options.Password });
        if (compress)
        {
            await client.CompressAsync();
        }
        return client;
    }

    private static async Task<(long Messages, long Bytes)> CopyMailboxAsync(ImapClient source, ImapClient target, MailboxName mailbox, CopierOptions options)
    {
        var selected = await source.SelectAsync(mailbox, new SelectOptions { ReadOnly = true });
        if (selected.Mailbox.Exists == 0)
        {
            return (0, 0);
        }
        // Every UID below UIDNEXT (the library's UID sets have no "*").
        var last = (selected.Mailbox.UidNext?.Value ?? uint.MaxValue) - 1;
        var sizes = await source.FetchListAsync(UidSet.FromRanges([new UidRange(1, last)]), new FetchRequest { Size = true });
        long messages = 0, bytes = 0;
        Task<long>? appending = null;
        foreach (var batch in Batches(sizes, options))
        {
            var fetched = await source.FetchListAsync(UidSet.FromUids(batch), new FetchRequest
            {
                Flags = true,
                InternalDate = true,
                BodyItems = ["BODY.PEEK[]"],
            });
            if (appending is not null)
            {
                bytes += await appending;
            }
            messages += fetched.Count;
            appending = AppendAsync(target, mailbox, fetched);
        }
        if (appending is not null)
        {
            bytes += await appending;
        }
        return (messages, bytes);
    }

    private static IEnumerable<List<Uid>> Batches(IReadOnlyList<FetchResponse> sizes, CopierOptions options)
    {
        var batch = new List<Uid>();
        long batchBytes = 0;
        foreach (var fetch in sizes.Where(f => f.Uid is not null).OrderBy(f => f.Uid!.Value.Value))
        {
            var size = fetch.Rfc822Size ?? 0;
            if (batch.Count > 0 && (batchBytes + size > options.BatchBytes || batch.Count >= options.BatchMessages))
            {
                yield return batch;
                batch = [];
                batchBytes = 0;
            }
            batch.Add(fetch.Uid!.Value);
            batchBytes += size;
        }
        if (batch.Count > 0)
        {
            yield return batch;
        }
    }

    private static async Task<long> AppendAsync(ImapClient target, MailboxName mailbox, IReadOnlyList<FetchResponse> fetched)
    {
        var messages = fetched.OrderBy(f => f.Uid!.Value.Value).Select(f => new AppendMessage
        {
            Content = ImapLiteral.FromMemory(f.GetBody()?.Data ?? throw new InvalidOperationException($"no body for UID {f.Uid}")),
            Flags = (f.Flags ?? FlagSet.Empty).Where(flag => flag.Name != @"\Recent").Select(flag => flag.Name).ToList(),
            InternalDate = f.InternalDate,
        }).ToList();
        await target.AppendAsync(mailbox, messages);
        return messages.Sum(m => m.Content.Length);
    }
}
