using System.Buffers;
using System.IO.Pipelines;
using Imap.Protocol.Client;
using Imap.Protocol.Commands;
using Imap.Protocol.Model;

namespace Imap.Protocol.Tests.Commands;

/// <summary>
/// The sending half of a copy: an APPEND of a body held in memory is encoded and written into the
/// connection's <see cref="PipeWriter"/> without a copy of the body of its own (issue 16: no allocation
/// proportional to the body size).
/// </summary>
public class AppendLiteralAllocationTests
{
    private static readonly EncodingContext s_literalPlus = new(new ImapLiteralPolicy(literalPlus: true, literalMinus: false), Utf8Accept: false);

    [Fact]
    public async Task Writing_the_append_of_a_body_allocates_the_same_for_30_KB_and_30_MB()
    {
        var writer = PipeWriter.Create(Stream.Null);
        await WriteAppendAsync(writer, new byte[30 << 10]); // warms the writer's pooled buffers

        var small = await AllocatedByAppendAsync(writer, new byte[30 << 10]);
        var large = await AllocatedByAppendAsync(writer, new byte[30 << 20]);

        // Both are the command's objects only (a few KB); a copy of the body would add 30 MB to the second.
        Assert.InRange(large, 0, small + (64 << 10));
    }

    private static async Task<long> AllocatedByAppendAsync(PipeWriter writer, byte[] body)
    {
        var thread = Environment.CurrentManagedThreadId;
        var before = GC.GetAllocatedBytesForCurrentThread();
        var written = await WriteAppendAsync(writer, body);
        var allocated = GC.GetAllocatedBytesForCurrentThread() - before;
        Assert.Equal(thread, Environment.CurrentManagedThreadId); // counted on one thread: nothing went unseen
        Assert.True(written > body.Length);
        return allocated;
    }

    // As the connection writes a command with LITERAL+: each segment's line, then its literal.
    private static async Task<long> WriteAppendAsync(PipeWriter writer, byte[] body)
    {
        var message = new AppendMessage { Content = ImapLiteral.FromMemory(body), Flags = ["\\Seen"], InternalDate = DateTimeOffset.UnixEpoch };
        var command = new AppendCommand(new MailboxName("Archive"), [message]).Encode(s_literalPlus);
        Assert.DoesNotContain(command.Segments, s => s.Synchronizing);
        foreach (var segment in command.Segments)
        {
            writer.Write(segment.Line.Span);
            if (segment.Literal is { } literal)
            {
                await literal.WriteToAsync(writer, CancellationToken.None);
            }
        }
        await writer.FlushAsync();
        return command.Length;
    }
}
