using System.Buffers;
using System.Globalization;
using System.IO.Pipelines;
using System.Text;
using Imap.Protocol.Model;
using Imap.Protocol.Parsing;

namespace Imap.Protocol.Tests.Parsing;

/// <summary>
/// The read path's flag summaries (no socket): with <see cref="ImapResponseSource.ReadFlagSummaries"/> on,
/// a FETCH of nothing but UID, FLAGS and MODSEQ is read as <see cref="FetchedFlags"/> and every other frame
/// falls back to the typed parse, with the same values.
/// </summary>
public class FlagSummaryReadingTests
{
    [Theory]
    [InlineData("* 1 FETCH (UID 5 MODSEQ (7) FLAGS (\\Seen $Label1))", 5u, 7ul, "\\Seen $Label1")]
    [InlineData("* 2 FETCH (FLAGS (\\Recent \\Answered) UID 6 MODSEQ (8))", 6u, 8ul, "\\Answered \\Recent")]
    [InlineData("* 3 FETCH (MODSEQ (9) FLAGS () UID 7)", 7u, 9ul, "")]
    [InlineData("* 4 fetch (uid 8 flags ($b $A \\Flagged))", 8u, null, "\\Flagged $A $b")]
    public async Task A_fetch_of_uid_flags_and_modseq_is_read_as_a_summary(string line, uint uid, ulong? modSeq, string flags)
    {
        var (summary, typed) = await ReadBothWaysAsync(line);

        var read = Assert.IsType<FlagSummaryResponse>(summary);
        Assert.Equal(uid, read.Flags.Uid.Value);
        Assert.Equal(modSeq, read.Flags.ModSeq?.Value);
        Assert.Equal(flags, read.Flags.Flags.ToString());
        // The same values the typed parse gives, and the response the read loop makes of it for a typed listener.
        Assert.Equal((typed.SequenceNumber, typed.Uid, typed.Flags, typed.ModSeq), Tuple(read.ToResponse()));
        Assert.Equal(typed.SequenceNumber, read.SequenceNumber);
    }

    [Theory]
    [InlineData("* 1 FETCH (UID 5 FLAGS (\\Seen) BODY[] {3}\r\nabc)")]
    [InlineData("* 1 FETCH (UID 5 FLAGS (\\Seen) RFC822.SIZE 10)")]
    [InlineData("* 1 FETCH (RFC822.SIZE 10 UID 5 FLAGS (\\Seen))")]
    [InlineData("* 1 FETCH (UID 5 MODSEQ (3))")]
    [InlineData("* 1 FETCH (FLAGS (\\Seen))")]
    [InlineData("* 1 FETCH (UID 5 FLAGS (\\Seen) X-GM-LABELS (\"a\"))")]
    [InlineData("* 1 FETCH ((UID 5 FLAGS (\\Seen)))")]
    [InlineData("* 1 FETCH ()")]
    public async Task Any_other_fetch_falls_back_to_the_typed_parse(string line)
    {
        var (summary, typed) = await ReadBothWaysAsync(line);

        var fallback = Assert.IsType<FetchResponse>(summary);
        Assert.Equal(Tuple(typed), Tuple(fallback));
        Assert.Equal(typed.Rfc822Size, fallback.Rfc822Size);
        Assert.Equal(typed.Bodies.Count, fallback.Bodies.Count);
    }

    [Fact]
    public async Task Frames_are_read_typed_while_nobody_takes_summaries()
    {
        var source = Source("* 1 FETCH (UID 5 FLAGS (\\Seen))\r\n* 3 EXISTS\r\n* 2 FETCH (UID 6 FLAGS ())\r\n");
        var wanted = false;
        source.ReadFlagSummaries = () => wanted;

        Assert.IsType<FetchResponse>(await source.ReadAsync());
        Assert.IsType<ExistsResponse>(await source.ReadAsync());
        wanted = true;
        Assert.Equal(6u, Assert.IsType<FlagSummaryResponse>(await source.ReadAsync()).Flags.Uid.Value);
    }

    [Fact]
    public async Task A_thousand_flag_lines_read_as_summaries_allocate_no_response_per_message()
    {
        var lines = new StringBuilder();
        for (var i = 1; i <= 1000; i++)
        {
            lines.Append(CultureInfo.InvariantCulture, $"* {i} FETCH (UID {i} MODSEQ ({i + 100}) FLAGS (\\Seen $Label{i % 3}))\r\n");
        }

        var summaries = await AllocatedReadingAsync(lines.ToString(), summaries: true);
        var typed = await AllocatedReadingAsync(lines.ToString(), summaries: false);

        // What is left is the source's own per-read cost: none in a Release build, the async state
        // machine of each read in a Debug one. A FetchResponse with its boxed values is over 150 bytes.
        Assert.InRange(summaries, 0, typed - (999 * 150));
    }

    private static async Task<long> AllocatedReadingAsync(string text, bool summaries)
    {
        var source = Source(text);
        source.ReadFlagSummaries = () => summaries;
        await source.ReadAsync(); // warms the keyword interner and the flag list cache
        var thread = Environment.CurrentManagedThreadId;
        var before = GC.GetAllocatedBytesForCurrentThread();
        ulong sum = 0;
        for (var i = 2; i <= 1000; i++)
        {
            sum += await source.ReadAsync() switch
            {
                FlagSummaryResponse read => read.Flags.Uid.Value,
                FetchResponse read => read.Uid!.Value.Value,
                var other => throw new InvalidOperationException($"unexpected {other}"),
            };
        }
        var allocated = GC.GetAllocatedBytesForCurrentThread() - before;
        Assert.Equal(thread, Environment.CurrentManagedThreadId); // every read completed on this thread: nothing went unseen
        Assert.Equal(500_500ul - 1, sum);
        return allocated;
    }

    private static (uint, Uid?, FlagSet?, ModSeq?) Tuple(FetchResponse fetch) => (fetch.SequenceNumber, fetch.Uid, fetch.Flags, fetch.ModSeq);

    private static async Task<(ImapResponse Summary, FetchResponse Typed)> ReadBothWaysAsync(string line)
    {
        var summaries = Source(line + "\r\n");
        summaries.ReadFlagSummaries = static () => true;
        var summary = await summaries.ReadAsync();
        var typed = await Source(line + "\r\n").ReadAsync();
        return (summary!, Assert.IsType<FetchResponse>(typed));
    }

    private static ImapResponseSource Source(string text) =>
        new(PipeReader.Create(new ReadOnlySequence<byte>(Encoding.ASCII.GetBytes(text))));
}
