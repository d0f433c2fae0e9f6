using ImapSync.Cli.Configuration;

namespace ImapSync.Cli.Tests.Configuration;

public class ListMailboxParserTests
{
    [Fact]
    public void Bare_tokens_are_split_on_white_space()
    {
        Assert.Equal(["INBOX", "work/*", "a%"], ListMailboxParser.Parse("INBOX  work/*\ta%"));
    }

    [Fact]
    public void Quoted_token_may_hold_space_parentheses_and_brace()
    {
        Assert.Equal(["with space (x) {y}", "b"], ListMailboxParser.Parse("\"with space (x) {y}\" b"));
    }

    [Theory]
    [InlineData("\"a\\\"b\"", "a\"b")]
    [InlineData("\"a\\\\b\"", "a\\b")]
    [InlineData("\"a\\0b\"", "a\0b")]
    [InlineData("\"a\\x00*\"", "a\0*")]
    [InlineData("\"\\x41\\x7e\"", "A~")]
    [InlineData("\"\\t\\n\\r\\a\\b\\v\\f\"", "\t\n\r\a\b\v\f")]
    [InlineData("\"\"", "")]
    public void Escapes_in_quoted_tokens(string value, string expected)
    {
        Assert.Equal(expected, Assert.Single(ListMailboxParser.Parse(value)));
    }

    [Theory]
    [InlineData("", "no pattern")]
    [InlineData("   ", "no pattern")]
    [InlineData("a\\b", "only allowed inside double quotes")]
    [InlineData("a(b", "only allowed inside double quotes")]
    [InlineData("{3}", "only allowed inside double quotes")]
    [InlineData("\"abc", "unterminated")]
    [InlineData("\"a\\qb\"", "unknown escape")]
    [InlineData("\"\\x4\"", "two hexadecimal digits")]
    [InlineData("\"\\xzz\"", "two hexadecimal digits")]
    [InlineData("\"\\xC3\"", "not ASCII")]
    [InlineData("\"a\"b", "missing space")]
    [InlineData("caf\u00e9", "only allowed inside double quotes")]
    public void Invalid_values_are_refused_with_the_reason(string value, string reason)
    {
        var e = Assert.Throws<FormatException>(() => ListMailboxParser.Parse(value));
        Assert.Contains(reason, e.Message, StringComparison.Ordinal);
    }
}
