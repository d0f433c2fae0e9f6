using System.Text;
using Imap.Protocol.Commands;

namespace Imap.Protocol.Tests.Commands;

public class ImapCommandBuilderTests
{
    [Theory]
    [InlineData("INBOX", "INBOX")]
    [InlineData("a]b", "a]b")]
    [InlineData("", "\"\"")]
    [InlineData("two words", "\"two words\"")]
    [InlineData("q\"uo\\te", "\"q\\\"uo\\\\te\"")]
    [InlineData("nil", "\"nil\"")]
    [InlineData("a%b", "\"a%b\"")]
    [InlineData("(x)", "\"(x)\"")]
    public void AString_picks_atom_or_quoted(string value, string expected)
    {
        var command = new ImapCommandBuilder("X", "X "u8).AString(value).Build(Pipelining.Independent);
        Assert.Equal("X " + expected, command.ToString());
        Assert.Single(command.Segments);
    }

    [Fact]
    public void List_pattern_keeps_wildcards_as_atom()
    {
        Assert.Equal("LIST \"\" a/%", new ImapCommandBuilder("LIST", "LIST "u8).QuotedOrLiteral("").Space().ListMailbox("a/%").Build(Pipelining.Independent).ToString());
    }

    [Fact]
    public void Line_breaks_and_non_ascii_force_a_literal()
    {
        var command = new ImapCommandBuilder("LOGIN", "LOGIN "u8).AString("user").Space().AString("pä\nss").Build(Pipelining.Independent);
        Assert.Equal(2, command.Segments.Count);
        Assert.Equal("LOGIN user {6}\r\n", Encoding.ASCII.GetString(command.Segments[0].Line.Span));
        Assert.True(command.Segments[0].Synchronizing);
        Assert.Equal(6, command.Segments[0].Literal!.Length);
        Assert.Equal("\r\n", Encoding.ASCII.GetString(command.Segments[1].Line.Span));
    }

    [Fact]
    public void Utf8_accept_allows_quoted_utf8()
    {
        var command = new ImapCommandBuilder("X", "X "u8, utf8Quoted: true).AString("pä").Build(Pipelining.Independent);
        Assert.Single(command.Segments);
        Assert.Equal("X \"pä\"\r\n", Encoding.UTF8.GetString(command.Segments[0].Line.Span));
    }

    [Fact]
    public void Literal_plus_makes_non_synchronizing_literals()
    {
        var policy = new ImapLiteralPolicy(literalPlus: true, literalMinus: false);
        var command = new ImapCommandBuilder("APPEND", "APPEND INBOX "u8, policy).Literal(ImapLiteral.FromMemory(new byte[10000]), isMessageBody: true).Build(Pipelining.Independent);
        Assert.Equal("APPEND INBOX {10000+}\r\n", Encoding.ASCII.GetString(command.Segments[0].Line.Span));
        Assert.False(command.HasSynchronizingLiteral);
    }

    [Theory]
    [InlineData(4096, true)]
    [InlineData(4097, false)]
    public void Literal_minus_only_up_to_4096(int length, bool nonSync)
    {
        var policy = new ImapLiteralPolicy(literalPlus: false, literalMinus: true);
        Assert.Equal(nonSync, policy.IsNonSynchronizing(length, isMessageBody: false));
        var command = new ImapCommandBuilder("APPEND", "APPEND INBOX "u8, policy).Literal(ImapLiteral.FromMemory(new byte[length])).Build(Pipelining.Independent);
        Assert.Equal(!nonSync, command.HasSynchronizingLiteral);
    }

    [Fact]
    public void Large_bodies_can_be_forced_synchronizing()
    {
        var policy = new ImapLiteralPolicy(literalPlus: true, literalMinus: false, synchronizeBodiesAbove: 1000);
        Assert.True(policy.IsNonSynchronizing(1000, isMessageBody: true));
        Assert.False(policy.IsNonSynchronizing(1001, isMessageBody: true));
        Assert.True(policy.IsNonSynchronizing(5000, isMessageBody: false));
    }

    [Fact]
    public void Sensitive_flag_and_atoms_are_checked()
    {
        Assert.True(new ImapCommandBuilder("LOGIN", "LOGIN"u8).Sensitive().Build(Pipelining.Independent).Sensitive);
        Assert.Throws<ArgumentException>(() => new ImapCommandBuilder("X", "X "u8).Atom("a b"));
    }

    [Fact]
    public async Task Stream_literal_writes_exact_length_in_chunks()
    {
        var data = new byte[300_000];
        new Random(1).NextBytes(data);
        var pipe = new System.IO.Pipelines.Pipe(new System.IO.Pipelines.PipeOptions(pauseWriterThreshold: 0));
        await ImapLiteral.FromStream(new MemoryStream(data), data.Length).WriteToAsync(pipe.Writer, default);
        await pipe.Writer.CompleteAsync();
        var copy = new MemoryStream();
        await pipe.Reader.AsStream().CopyToAsync(copy);
        Assert.Equal(data, copy.ToArray());
    }

    [Fact]
    public async Task Short_stream_literal_fails()
    {
        var pipe = new System.IO.Pipelines.Pipe(new System.IO.Pipelines.PipeOptions(pauseWriterThreshold: 0));
        await Assert.ThrowsAsync<EndOfStreamException>(async () =>
            await ImapLiteral.FromStream(new MemoryStream(new byte[10]), 11).WriteToAsync(pipe.Writer, default));
    }
}
