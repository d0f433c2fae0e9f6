using System.Text;
using Imap.Protocol.Model;
using Imap.Protocol.Parsing;

namespace Imap.Protocol.Tests.Parsing;

/// <summary>Token-level known answers for quoted strings and NIL (vectors E, "Quoted strings and NIL").</summary>
public class ReaderTokenTests
{
    private static (ImapStringKind Kind, string Value) ReadNString(string input)
    {
        var reader = new ImapResponseReader(Encoding.UTF8.GetBytes(input + "\r\n"));
        var value = reader.ReadNString();
        return (value.Kind, value.ToString());
    }

    [Theory]
    [InlineData("\"a\\\"b\"", "a\"b")]
    [InlineData("\"a\\\\b\"", "a\\b")]
    [InlineData("\"\"", "")]
    [InlineData("\"NIL\"", "NIL")]
    public void Quoted_strings(string input, string expected) => Assert.Equal((ImapStringKind.Quoted, expected), ReadNString(input));

    [Theory]
    [InlineData("NIL")]
    [InlineData("nil")]
    [InlineData("NiL")]
    public void Nil_in_any_case(string input) => Assert.Equal(ImapStringKind.Nil, ReadNString(input).Kind);

    [Fact]
    public void Nilx_is_an_atom_not_nil()
    {
        var reader = new ImapResponseReader("NILX\r\n"u8);
        Assert.False(reader.TryReadNil());
        var atom = reader.ReadAString();
        Assert.Equal((ImapStringKind.Atom, "NILX"), (atom.Kind, atom.ToString()));
    }

    [Theory]
    [InlineData("\"a\\qb\"")]
    [InlineData("\"abc")]
    [InlineData("\"a\rb\"")]
    public void Bad_quoted_strings_are_errors(string input)
    {
        var caught = false;
        try
        {
            var reader = new ImapResponseReader(Encoding.UTF8.GetBytes(input + "\r\n"));
            reader.ReadNString();
        }
        catch (ImapProtocolException)
        {
            caught = true;
        }
        Assert.True(caught);
    }

    [Theory]
    [InlineData("\"a\0b\"", 2)]
    [InlineData("\"\0\"", 1)]
    [InlineData("\"a\\\"\0\"", 4)]
    public void Nul_inside_a_quoted_string_is_a_protocol_error_at_the_nul(string input, int offset)
    {
        var error = Assert.Throws<ImapProtocolException>(() => new ImapResponseReader(Encoding.UTF8.GetBytes(input + "\r\n")).ReadNString());
        Assert.Contains("NUL inside a quoted string", error.Message, StringComparison.Ordinal);
        Assert.Equal(offset, error.Offset);
    }

    [Fact]
    public void Numbers_do_not_overflow_silently()
    {
        var reader = new ImapResponseReader("4294967296\r\n"u8);
        var caught = false;
        try
        {
            reader.ReadNumber();
        }
        catch (ImapProtocolException)
        {
            caught = true;
        }
        Assert.True(caught);
        var wide = new ImapResponseReader("18446744073709551615\r\n"u8);
        Assert.Equal(ulong.MaxValue, wide.ReadNumber64());
    }

    [Fact]
    public void Error_carries_offset_and_escaped_snippet()
    {
        var error = Assert.Throws<ImapProtocolException>(() => Support.Responses.ParseFrame("* 1 FETCH (UID x)\r\n"u8.ToArray()));
        Assert.Equal(15, error.Offset);
        Assert.Contains("UID ⟨x)\\r\\n", error.Snippet, StringComparison.Ordinal);
    }
}
