using Imap.Protocol.Model;
using Imap.Protocol.Parsing;
using Imap.Protocol.Tests.Support;

namespace Imap.Protocol.Tests.Vectors;

/// <summary>Every catalog vector gets its verdict: valid in both modes, tolerated only with its quirk, or rejected.</summary>
public class VectorVerdictTests
{
    [Theory]
    [MemberData(nameof(VectorData.AllIndexes), MemberType = typeof(VectorData))]
    public async Task Vector_gets_its_verdict(int index)
    {
        var vector = VectorData.Get(index);
        switch (vector.Verdict)
        {
            case Verdict.Valid:
                Assert.NotEmpty(await Responses.ReadAllAsync(vector.Bytes, ImapQuirks.None));
                Assert.NotEmpty(await Responses.ReadAllAsync(vector.Bytes, ImapQuirks.Recommended));
                break;
            case Verdict.Tolerate:
                Assert.NotEmpty(await Responses.ReadAllAsync(vector.Bytes, vector.Quirk));
                await Assert.ThrowsAsync<ImapProtocolException>(() => Responses.ReadAllAsync(vector.Bytes, ImapQuirks.None));
                await Assert.ThrowsAsync<ImapProtocolException>(() => Responses.ReadAllAsync(vector.Bytes, ImapQuirks.Recommended & ~vector.Quirk));
                break;
            default:
                await Assert.ThrowsAsync<ImapProtocolException>(() => Responses.ReadAllAsync(vector.Bytes, ImapQuirks.None));
                await Assert.ThrowsAsync<ImapProtocolException>(() => Responses.ReadAllAsync(vector.Bytes, ImapQuirks.Recommended));
                break;
        }
    }

    [Theory]
    [InlineData("*  search 1 2 3")]
    [InlineData("* 5 VANISHED 1:3")]
    [InlineData("* 1 FETCH (BODY[] {3}<CRLF>1<NUL>3)")]
    [InlineData("* LIST () \"/\" \"a<NUL>b\"")]
    public async Task Rejected_response_does_not_swallow_the_next_one(string notation)
    {
        var input = new ChunkedPipeReader([Wire.Line(notation), Wire.Line("* 2 EXISTS")]);
        var source = new ImapResponseSource(input);
        await Assert.ThrowsAsync<ImapProtocolException>(async () => await source.ReadAsync());
        var next = Assert.IsType<ExistsResponse>(await source.ReadAsync());
        Assert.Equal(2u, next.Count);
        Assert.Null(await source.ReadAsync());
    }
}
