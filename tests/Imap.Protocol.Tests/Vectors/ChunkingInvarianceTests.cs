using Imap.Protocol.Model;
using Imap.Protocol.Tests.Support;

namespace Imap.Protocol.Tests.Vectors;

/// <summary>The same bytes give the same responses (or the same error) however they are cut into segments.</summary>
public class ChunkingInvarianceTests
{
    [Theory]
    [MemberData(nameof(VectorData.AllIndexes), MemberType = typeof(VectorData))]
    public async Task Every_split_point_and_one_byte_segments_give_the_same_result(int index)
    {
        var vector = VectorData.Get(index);
        var bytes = vector.Bytes;
        foreach (var quirks in new[] { ImapQuirks.Recommended, ImapQuirks.None })
        {
            var expected = await OutcomeAsync(new ChunkedPipeReader([bytes]), quirks);
            for (var cut = 1; cut < bytes.Length; cut++)
                Assert.Equal(expected, await OutcomeAsync(ChunkedPipeReader.Split(bytes, cut), quirks));
            Assert.Equal(expected, await OutcomeAsync(ChunkedPipeReader.OneBytePerSegment(bytes), quirks));
        }
    }

    [Fact]
    public async Task Whole_catalog_as_one_stream_equals_the_vectors_one_by_one()
    {
        var valid = VectorCatalog.All.Where(v => v.Verdict == Verdict.Valid).ToList();
        var expected = new List<string>();
        foreach (var vector in valid)
            expected.AddRange((await Responses.ReadAllAsync(vector.Bytes)).Select(ResponseDump.Describe));
        var stream = valid.SelectMany(v => v.Bytes).ToArray();
        var whole = (await Responses.ReadAllAsync(stream)).Select(ResponseDump.Describe).ToList();
        var oneByte = (await Responses.ReadAllAsync(ChunkedPipeReader.OneBytePerSegment(stream))).Select(ResponseDump.Describe).ToList();
        // One connection interns keywords case-insensitively, first spelling wins ($Label1 then $label1),
        // so the stream is compared ignoring case; the one-byte stream must match the whole stream exactly.
        Assert.Equal(expected, whole, StringComparer.OrdinalIgnoreCase);
        Assert.Equal(whole, oneByte);
    }

    private static async Task<string> OutcomeAsync(ChunkedPipeReader input, ImapQuirks quirks)
    {
        try
        {
            var responses = await Responses.ReadAllAsync(input, quirks);
            return string.Join("\n", responses.Select(ResponseDump.Describe));
        }
        catch (ImapProtocolException exception)
        {
            return "error: " + exception.Message;
        }
    }
}
