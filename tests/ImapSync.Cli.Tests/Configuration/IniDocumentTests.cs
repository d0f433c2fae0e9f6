using ImapSync.Cli.Configuration;

namespace ImapSync.Cli.Tests.Configuration;

public class IniDocumentTests
{
    [Fact]
    public void Keys_before_the_first_header_go_to_the_default_section()
    {
        var doc = IniDocument.Parse("a = 1\n[local]\nb = 2\n", "f");
        Assert.Equal("1", Assert.Single(doc.Entries(IniDocument.DefaultSection)).Value);
        Assert.Equal("b", Assert.Single(doc.Entries("local")).Key);
    }

    [Fact]
    public void Comment_lines_and_blank_lines_are_ignored()
    {
        var doc = IniDocument.Parse("# c\n  ; c2\n\n   \n[local]\n", "f");
        Assert.Empty(doc.Entries(IniDocument.DefaultSection));
        Assert.True(doc.HasSection("local"));
    }

    [Fact]
    public void Inline_comment_after_space_semicolon_space_is_stripped_even_from_values()
    {
        var doc = IniDocument.Parse("password = abc ; def\nhost = a;b\nx = a # b\n", "f");
        var entries = doc.Entries(IniDocument.DefaultSection);
        Assert.Equal("abc", entries[0].Value);
        Assert.Equal("a;b", entries[1].Value);
        Assert.Equal("a # b", entries[2].Value);
    }

    [Fact]
    public void Values_are_trimmed_and_keep_quotes()
    {
        var doc = IniDocument.Parse("  key  =   \"x y\"   \nempty =\n", "f");
        var entries = doc.Entries(IniDocument.DefaultSection);
        Assert.Equal(("key", "\"x y\""), (entries[0].Key, entries[0].Value));
        Assert.Equal(string.Empty, entries[1].Value);
    }

    [Fact]
    public void Value_may_contain_equals_signs()
    {
        var doc = IniDocument.Parse("command = ssh -o A=B host\n", "f");
        Assert.Equal("ssh -o A=B host", Assert.Single(doc.Entries(IniDocument.DefaultSection)).Value);
    }

    [Fact]
    public void Repeated_key_last_one_wins_with_its_line()
    {
        var doc = IniDocument.Parse("a = 1\na = 2\n", "f");
        var entry = Assert.Single(doc.Entries(IniDocument.DefaultSection));
        Assert.Equal(("2", 2), (entry.Value, entry.Line));
    }

    [Theory]
    [InlineData("a = 1\r\n[ local ]\r\nb = 2\r\n")]
    [InlineData("a = 1\r[ local ]\rb = 2\r")]
    [InlineData("a = 1\n[local]   \nb = 2")]
    public void Line_breaks_CRLF_CR_LF_and_padded_headers(string text)
    {
        var doc = IniDocument.Parse(text, "f");
        var b = Assert.Single(doc.Entries("local"));
        Assert.Equal(("2", 3), (b.Value, b.Line));
    }

    [Fact]
    public void Reopened_section_adds_to_it()
    {
        var doc = IniDocument.Parse("[local]\na = 1\n[remote]\n[local]\nb = 2\n", "f");
        Assert.Equal(["a", "b"], doc.Entries("local").Select(e => e.Key));
    }

    [Theory]
    [InlineData("just words\n", 1)]
    [InlineData("a = 1\n[local\n", 2)]
    [InlineData("[local]\n= value\n", 2)]
    [InlineData("a = 1\n\n[]\n", 3)]
    public void Syntax_error_names_file_and_line(string text, int line)
    {
        var e = Assert.Throws<ConfigException>(() => IniDocument.Parse(text, "/x/config"));
        Assert.Equal(line, e.Line);
        Assert.StartsWith($"/x/config:{line}: syntax error", e.Message, StringComparison.Ordinal);
    }
}
