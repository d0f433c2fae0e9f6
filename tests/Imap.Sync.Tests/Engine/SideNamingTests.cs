using FsCheck.Xunit;
using Imap.Sync.Engine;

namespace Imap.Sync.Tests.Engine;

/// <summary>Server name ↔ neutral name, with and without a personal namespace prefix.</summary>
public sealed class SideNamingTests
{
    private static readonly SideNaming Cyrus = new(SyncSide.Remote, "", '.', "INBOX.");
    private static readonly SideNaming Dovecot = new(SyncSide.Local, "", '/');

    [Theory]
    [InlineData("INBOX", "INBOX")]
    [InlineData("inbox", "INBOX")]
    [InlineData("INBOX.work", "work")]
    [InlineData("INBOX.work.2026", "work\u00002026")]
    [InlineData("INBOX.Inbox.old", "Inbox\u0000old")]
    [InlineData("INBOX.&AOk-t&AOk-", "&AOk-t&AOk-")]
    public void Prefixed_names_lose_the_prefix_and_INBOX_stays_INBOX(string server, string neutral)
    {
        Assert.Equal(neutral, Cyrus.ToNeutral(server));
        Assert.Equal(server.Equals("inbox", StringComparison.Ordinal) ? "INBOX" : server, Cyrus.ToServer(neutral));
    }

    [Theory]
    [InlineData("user.bob")]
    [InlineData("user.bob.work")]
    [InlineData("shared")]
    [InlineData("INBOX.")]
    [InlineData("INBOXwork")]
    public void Names_outside_the_personal_namespace_are_not_synchronized(string server) =>
        Assert.Null(Cyrus.ToNeutral(server));

    [Theory]
    [InlineData("INBOX.INBOX")]
    [InlineData("INBOX.inbox")]
    public void A_name_that_would_read_as_INBOX_stops_with_the_fix(string server)
    {
        var ex = Assert.Throws<SyncException>(() => Cyrus.ToNeutral(server));
        Assert.Contains(server, ex.Message, StringComparison.Ordinal);
        Assert.Contains("Rename it", ex.Message, StringComparison.Ordinal);
        Assert.Contains("personal-namespace = no", ex.Message, StringComparison.Ordinal);
        Assert.Equal(SyncSide.Remote, ex.Side);
    }

    [Fact]
    public void Children_of_a_mailbox_named_INBOX_under_the_prefix_are_ordinary_names() =>
        Assert.Equal("INBOX\0" + "x", Cyrus.ToNeutral("INBOX.INBOX.x"));

    [Fact]
    public void Without_a_prefix_names_are_as_listed_as_InterIMAP_stores_them()
    {
        var plainCyrus = new SideNaming(SyncSide.Remote, "", '.');
        Assert.Equal("INBOX\0" + "work", plainCyrus.ToNeutral("INBOX.work"));
        Assert.Equal("INBOX.work", plainCyrus.ToServer("INBOX\0" + "work"));
        Assert.Equal("user\0" + "bob", plainCyrus.ToNeutral("user.bob"));
    }

    [Fact]
    public void A_flat_namespace_with_a_prefix_maps_names_without_hierarchy()
    {
        var flat = new SideNaming(SyncSide.Local, "", null, "Mail-");
        Assert.Equal("notes", flat.ToNeutral("Mail-notes"));
        Assert.Equal("Mail-notes", flat.ToServer("notes"));
        Assert.Equal("INBOX", flat.ToServer("INBOX"));
        Assert.Null(flat.ToNeutral("notes"));
        Assert.Throws<SyncException>(() => flat.ToServer("a\0b"));
    }

    [Fact]
    public void Prefixed_and_top_level_sides_pair_the_same_neutral_names()
    {
        foreach (var (cyrus, dovecot) in new[] { ("INBOX", "INBOX"), ("INBOX.work", "work"), ("INBOX.a.b.c", "a/b/c") })
        {
            Assert.Equal(Dovecot.ToNeutral(dovecot), Cyrus.ToNeutral(cyrus));
            Assert.Equal(cyrus, Cyrus.ToServer(Dovecot.ToNeutral(dovecot)!));
        }
    }

    [Theory]
    [InlineData("*", "INBOX|INBOX.*")]
    [InlineData("%", "INBOX|INBOX.%")]
    [InlineData("INBOX", "INBOX")]
    [InlineData("inbox", "INBOX")]
    [InlineData("I*", "INBOX|INBOX.I*")]
    [InlineData("work.*", "INBOX.work.*")]
    [InlineData("work", "INBOX.work")]
    [InlineData("", "INBOX.")]
    public void List_patterns_cover_INBOX_and_the_prefix(string pattern, string expected) =>
        Assert.Equal(expected.Split('|'), SideNaming.ListPatterns("INBOX.", [pattern]));

    [Fact]
    public void List_patterns_add_INBOX_once_and_are_unchanged_without_a_prefix()
    {
        Assert.Equal(["INBOX", "INBOX.*", "INBOX.%"], SideNaming.ListPatterns("INBOX.", ["*", "%"]));
        Assert.Equal(["*", "INBOX"], SideNaming.ListPatterns("", ["*", "INBOX"]));
    }

    [Property(MaxTest = 300)]
    public void Any_neutral_name_round_trips_through_both_kinds_of_side(byte[] picks)
    {
        string[] parts = ["a", "b", "INBOX", "Work", "x y", "&AOk-", "inbox"];
        if (picks.Length == 0)
        {
            return;
        }

        var neutral = string.Join('\0', picks.Select(p => parts[p % parts.Length]));
        if (neutral.Equals("INBOX", StringComparison.OrdinalIgnoreCase))
        {
            neutral = "INBOX"; // stored names always spell it so
        }

        Assert.Equal(neutral, Cyrus.ToNeutral(Cyrus.ToServer(neutral)));
        Assert.Equal(neutral, Dovecot.ToNeutral(Dovecot.ToServer(neutral)));
    }
}
