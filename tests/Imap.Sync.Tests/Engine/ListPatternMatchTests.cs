using FsCheck.Xunit;
using Imap.Sync.Engine;

namespace Imap.Sync.Tests.Engine;

public class ListPatternMatchTests
{
    [Theory]
    [InlineData("INBOX", '.', "", "INBOX", true)]
    [InlineData("inbox", '.', "", "INBOX", true)]
    [InlineData("INBOX", '/', "", "inbox", true)]
    [InlineData("Injected", '.', "", "INBOX", false)]
    [InlineData("INBOX.child", '.', "", "INBOX", false)]
    [InlineData("inbox.child", '.', "", "INBOX.*", true)]
    [InlineData("INBOXes", '.', "", "INBOX*", true)]
    [InlineData("a.b.c", '.', "", "*", true)]
    [InlineData("a.b.c", '.', "", "%", false)]
    [InlineData("a", '.', "", "%", true)]
    [InlineData("a.b.c", '.', "", "a.%.c", true)]
    [InlineData("a.b.x.c", '.', "", "a.%.c", false)]
    [InlineData("a.b.x.c", '.', "", "a.*.c", true)]
    [InlineData("a.b.c", null, "", "%", true)] // flat: no delimiter stops '%'
    [InlineData("Archive.2024", '.', "Archive.", "%", true)]
    [InlineData("Archive.2024.Q1", '.', "Archive.", "%", false)]
    [InlineData("Archive.2024", '.', "Archive", "%", true)] // reference without its delimiter
    [InlineData("Other", '.', "Archive.", "%", true)] // the pattern taken as absolute
    [InlineData("Other.x", '.', "Archive.", "%", false)]
    [InlineData("", '.', "", "", true)] // the delimiter probe
    public void Names_match_the_patterns_as_RFC_3501_says(string name, char? delimiter, string reference, string pattern, bool expected)
    {
        Assert.Equal(expected, ListPatternMatch.Matches(name, delimiter, reference, pattern));
    }

    [Fact]
    public void A_CHILDINFO_parent_matches_the_pattern_its_subscribed_child_does_not()
    {
        // LIST (SUBSCRIBED RECURSIVEMATCH) "" "%": "Foo" comes back for its subscribed "Foo/Bar" (RFC 5258 §3.5).
        Assert.True(ListPatternMatch.Matches("Foo", '/', "", "%"));
        Assert.False(ListPatternMatch.Matches("Foo/Bar", '/', "", "%"));
    }

    [Fact]
    public void A_long_hostile_name_against_many_wildcards_stays_fast_and_exact()
    {
        var name = new string('a', 20_000) + "b";
        Assert.False(ListPatternMatch.Matches(name, '.', "", "*a*a*a*a*a*a*a*a*a*a*c"));
        Assert.True(ListPatternMatch.Matches(name, '.', "", "*a*a*a*a*a*a*a*a*a*a*b"));
    }

    /// <summary>A name matches a pattern made from it by turning levels into '%' or its tail into '*'; a changed literal never does.</summary>
    [Property(MaxTest = 300)]
    public void Patterns_built_from_a_name_match_it(byte[] picks, byte wildcardPick)
    {
        string[] levels = ["a", "b", "INBOX", "x y", "&AOk-", "a%", "q"];
        if (picks.Length == 0)
        {
            return;
        }

        var parts = picks.Take(5).Select(p => levels[p % levels.Length]).ToList();
        var name = string.Join('.', parts);
        var level = wildcardPick % parts.Count;
        var withPercent = string.Join('.', parts.Select((p, i) => i == level ? "%" : p));
        var withStar = string.Join('.', parts.Take(level).Append("*"));
        Assert.True(ListPatternMatch.Matches(name, '.', "", withPercent), withPercent);
        Assert.True(ListPatternMatch.Matches(name, '.', "", withStar), withStar);
        Assert.False(ListPatternMatch.Matches(name, '.', "", name + "z"));
        Assert.False(ListPatternMatch.Matches(name + ".deeper", '.', "", withPercent), withPercent);
    }
}
