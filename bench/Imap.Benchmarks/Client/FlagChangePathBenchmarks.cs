using System.Globalization;
using System.Text;
using BenchmarkDotNet.Attributes;
using Imap.Benchmarks.Client;
using Imap.Protocol.Client;
using Imap.Protocol.Model;
using Imap.Protocol.Transport;
using Imap.Sync.Adapters;
using Imap.Sync.Ports;

namespace Imap.Benchmarks.Parser;

/// <summary>
/// The flag-change read of an incremental run, from the bytes on the connection to the engine's change
/// records: <c>UID FETCH 1:* (UID FLAGS MODSEQ) (CHANGEDSINCE m)</c> answered by 1,000 lines of
/// <c>* n FETCH (UID u MODSEQ (m) FLAGS (\Seen $Label1))</c>, through the client's read loop over an
/// in-memory connection (no socket). Allocated bytes per operation / 1,000 are the cost per message;
/// what is left is the command's own (encoding, tag, completion) and the list of records.
/// </summary>
[MemoryDiagnoser]
public class FlagChangePathBenchmarks
{
    private const int Messages = 1000;
    private static readonly FetchRequest s_request = new() { Flags = true, ModSeq = true, ChangedSince = new ModSeq(1) };
    private InMemoryConnection _connection = null!;
    private ImapClient _client = null!;

    /// <summary>1: the changed messages' UIDs are contiguous; 3: every third UID changed (a gap after each).</summary>
    [Params(1, 3)]
    public int UidStep { get; set; }

    [GlobalSetup]
    public async Task SetupAsync()
    {
        var answer = new StringBuilder();
        for (var i = 1; i <= Messages; i++)
        {
            answer.Append(CultureInfo.InvariantCulture, $"* {i} FETCH (UID {i * UidStep} MODSEQ ({i + 1}) FLAGS (\\Seen $Label{i % 3}))\r\n");
        }
        var bytes = Encoding.ASCII.GetBytes(answer.ToString());
        _connection = new InMemoryConnection("* PREAUTH [CAPABILITY IMAP4rev1 CONDSTORE] ready", command => command.StartsWith("UID FETCH", StringComparison.Ordinal) ? bytes : []);
        var options = new ImapClientOptions { Transport = new ImapTransportOptions { Host = "127.0.0.1", Security = ImapSecurity.None } };
        _client = await ImapClient.ConnectOverAsync(options, ImapTransport.FromStream(_connection.ClientStream), CancellationToken.None).ConfigureAwait(false);
        await _client.SelectAsync(new MailboxName("INBOX")).ConfigureAwait(false);
    }

    [GlobalCleanup]
    public async Task CleanupAsync()
    {
        await _client.DisposeAsync().ConfigureAwait(false);
        await _connection.DisposeAsync().ConfigureAwait(false);
    }

    [Benchmark(Baseline = true, Description = "before: FetchListAsync (FetchResponse each), then a record with a new list of names each")]
    public async Task<int> Typed_then_records()
    {
        var fetched = await _client.FetchListAsync(UidSet.All, s_request).ConfigureAwait(false);
        var records = fetched
            .Where(f => f.Uid is not null && f.Flags is not null)
            .Select(f => new MessageFlags(f.Uid!.Value.Value, [.. f.Flags!.Value.Select(x => x.Name)], f.ModSeq?.Value ?? 0))
            .ToList();
        return Checked(records.Count);
    }

    [Benchmark(Description = "after: FetchFlagsAsync (FetchedFlags, read as summaries), then the adapter's ChangeRecords")]
    public async Task<int> Summaries_then_records()
    {
        var records = new List<MessageFlags>();
        var names = new ChangeRecords();
        await _client.FetchFlagsAsync(UidSet.All, s_request, f => records.Add(names.ToRecord(f))).ConfigureAwait(false);
        return Checked(records.Count);
    }

    [Benchmark(Description = "FetchFlagsAsync to a consumer that only counts (the library alone)")]
    public async Task<int> Summaries_counted()
    {
        var count = 0;
        await _client.FetchFlagsAsync(UidSet.All, s_request, _ => count++).ConfigureAwait(false);
        return Checked(count);
    }

    private static int Checked(int count) => count == Messages ? count : throw new InvalidOperationException($"{count} answers, not {Messages}");
}
