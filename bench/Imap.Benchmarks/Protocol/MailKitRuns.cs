using MailKit;
using MailKit.Net.Imap;
using MailKit.Security;
using MimeKit;

namespace Imap.Benchmarks.Protocol;

/// <summary>The same workloads with MailKit, which sends one command at a time.</summary>
internal static class MailKitRuns
{
    public static async Task<ImapClient> ConnectAsync(BenchmarkTarget target)
    {
        var client = new ImapClient();
        await client.ConnectAsync(target.Host, target.Port, SecureSocketOptions.None);
        await client.AuthenticateAsync(target.User, target.Password);
        return client;
    }

    public static async Task<RunResult> FetchFlagsAsync(BenchmarkTarget target, IReadOnlyList<uint> uids)
    {
        using var client = await ConnectAsync(target);
        var folder = await client.GetFolderAsync(target.Mailbox);
        await folder.OpenAsync(FolderAccess.ReadOnly);
        var request = new FetchRequest(MessageSummaryItems.UniqueId | MessageSummaryItems.Flags | MessageSummaryItems.ModSeq);
        var chunks = uids.Chunk(OurClientRuns.FetchChunk).Select(chunk => chunk.Select(u => new UniqueId(u)).ToList()).ToList();
        var clock = new RunClock();
        var count = 0;
        foreach (var chunk in chunks)
        {
            var summaries = await folder.FetchAsync(chunk, request);
            count += summaries.Count;
        }
        var result = clock.Stop(chunks.Count, count);
        await client.DisconnectAsync(true);
        return result;
    }

    public static async Task<RunResult> AppendAsync(BenchmarkTarget target, string mailbox, IReadOnlyList<byte[]> messages)
    {
        using var client = await ConnectAsync(target);
        var root = client.GetFolder(client.PersonalNamespaces[0]);
        var folder = await root.CreateAsync(mailbox, true) ?? throw new InvalidOperationException("CREATE returned no folder");
        var parsed = messages.Select(m => MimeMessage.Load(new MemoryStream(m))).ToList();
        var clock = new RunClock();
        var appended = 0;
        foreach (var message in parsed)
        {
            await folder.AppendAsync(new AppendRequest(message, MessageFlags.None));
            appended++;
        }
        var result = clock.Stop(parsed.Count, appended);
        await folder.DeleteAsync();
        await client.DisconnectAsync(true);
        return result;
    }
}
