using ImapSync.Cli.Output;

namespace ImapSync.Cli.Tests.Output;

public class TerminalTextTests
{
    [Theory]
    [InlineData("plain INBOX/Sent: OK")]
    [InlineData("Größe/日本語 📧 \\x1b stays")]
    public void Printable_text_is_returned_unchanged(string text)
    {
        Assert.Same(text, TerminalText.Escape(text));
    }

    [Theory]
    [InlineData("a\r\nb", @"a\r\nb")]
    [InlineData("\u001b[31m\u0007\t\0", @"\x1b[31m\x07\t\x00")]
    [InlineData("del\u007f c1\u0085\u009b", @"del\x7f c1\x85\x9b")]
    [InlineData("bidi\u202e\u2066\u200f ls\u2028ps\u2029\u061c", @"bidi\u202e\u2066\u200f ls\u2028ps\u2029\u061c")]
    public void Control_and_reordering_characters_become_visible_escapes(string text, string expected)
    {
        Assert.Equal(expected, TerminalText.Escape(text));
    }
}
