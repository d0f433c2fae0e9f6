using Imap.Protocol.Auth;
using Imap.Protocol.Client;
using Imap.Protocol.Commands;
using Imap.Protocol.Model;
using Imap.Protocol.Transport;

namespace Imap.Benchmarks.Protocol;

/// <summary>The three workloads with Imap.Protocol's pipelined client.</summary>
internal static class OurClientRuns
{
    public const int FetchChunk = 100;

    public static async Task<ImapClient> ConnectAsync(BenchmarkTarget target, int depth)
    {
        var client = await ImapClient.ConnectAsync(new ImapClientOptions
        {
            Transport = new ImapTransportOptions { Host = target.Host, Port = target.Port, Security = ImapSecurity.None },
            PipelineDepth = depth,
        });
        await client.AuthenticateAsync(new ImapCredentials { UserName = target.User, Password = target.Password });
        return client;
    }

    /// <summary>FLAGS and MODSEQ of every message, asked in chunks of <see cref="FetchChunk"/> UIDs, as a sync does.</summary>
    public static async Task<RunResult> FetchFlagsAsync(BenchmarkTarget target, int depth, IReadOnlyList<uint> uids)
    {
        await using var client = await ConnectAsync(target, depth);
        await client.SelectAsync(new MailboxName(target.Mailbox), new SelectOptions { ReadOnly = true });
        var chunks = uids.Chunk(FetchChunk).Select(c => UidSet.FromUids(c.Select(u => new Uid(u)))).ToList();
        var clock = new RunClock();
        var results = await Task.WhenAll(chunks.Select(c => client.FetchListAsync(c, FetchRequest.FlagsAndModSeq)));
        return clock.Stop(chunks.Count, results.Sum(r => r.Count));
    }

    /// <summary>One APPEND per message, all issued at once; the pipeline depth decides how many are in flight.</summary>
    public static async Task<RunResult> AppendAsync(BenchmarkTarget target, int depth, string mailbox, IReadOnlyList<byte[]> messages)
    {
        await using var client = await ConnectAsync(target, depth);
        var box = new MailboxName(mailbox);
        await client.CreateAsync(box);
        var clock = new RunClock();
        var results = await Task.WhenAll(messages.Select(m => client.AppendAsync(box, new AppendMessage { Content = ImapLiteral.FromMemory(m) })));
        var result = clock.Stop(messages.Count, results.Sum(r => r.Uids.Count));
        await client.DeleteAsync(box);
        return result;
    }
}
