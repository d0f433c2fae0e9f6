using ImapSync.Cli.Configuration;

namespace ImapSync.Cli.Tests.Configuration;

public class LogPrefixTemplateTests
{
    [Theory]
    [InlineData("local", "INBOX", "local(INBOX): ")]
    [InlineData("local", null, "local: ")]
    [InlineData(null, null, "")]
    [InlineData(null, "INBOX", "")]
    public void Default_prefix_renders_like_InterIMAP(string? component, string? mailbox, string expected)
    {
        Assert.Equal(expected, LogPrefixTemplate.Default.Render(component, mailbox));
    }

    [Theory]
    [InlineData("[%n] ", "remote", "x", "[remote] ")]
    [InlineData("100%% %m", "remote", "x", "100% x")]
    [InlineData("%?m?<%m>&none?", "remote", "", "none")]
    [InlineData("%?m?<%m>&none?", "remote", "a", "<a>")]
    [InlineData("%?m?yes?", "remote", "", "")]
    [InlineData("a\\?b\\&c\\\\d", "", "", "a?b&c\\d")]
    [InlineData("%?n?%?m?\\?&\\&?&-?", "n", "", "&")]
    [InlineData("?&plain", "", "", "?&plain")]
    [InlineData("", "local", "x", "")]
    public void Variables_conditionals_and_escapes(string template, string component, string mailbox, string expected)
    {
        Assert.Equal(expected, LogPrefixTemplate.Parse(template).Render(component, mailbox));
    }

    [Theory]
    [InlineData("%x", "unknown directive")]
    [InlineData("abc%", "at the end")]
    [InlineData("%?q?x?", "must start with")]
    [InlineData("%?n?open", "not closed")]
    [InlineData("%?n?a&b", "not closed")]
    public void Malformed_templates_are_refused(string template, string reason)
    {
        var e = Assert.Throws<FormatException>(() => LogPrefixTemplate.Parse(template));
        Assert.Contains(reason, e.Message, StringComparison.Ordinal);
    }
}
