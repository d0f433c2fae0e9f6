using System.Text;
using Imap.Testing.Dovecot;

namespace Imap.Protocol.Tests.Fixture;

/// <summary>Seeding and read-back helpers.</summary>
public sealed class DovecotServerMailTests(DovecotFixture fixture) : IClassFixture<DovecotFixture>
{
    private static readonly DateTimeOffset January = new(2023, 1, 15, 8, 30, 0, TimeSpan.FromHours(2));

    private DovecotServer Server => fixture.Server;

    [Fact]
    public async Task Appended_messages_read_back_with_flags_date_message_id_and_size()
    {
        await Server.CreateMailboxAsync("alice", "work/projects");
        var first = SeedMessage.Simple("m1@example.org") with { Flags = ["\\Seen", "$Forwarded"], InternalDate = January };
        var second = SeedMessage.Simple("m2@example.org", body: "a longer body than the first");

        var uids = await Server.AppendAsync("alice", "work/projects", [first, second]);

        var messages = await Server.FetchMessagesAsync("alice", "work/projects");
        Assert.Equal(uids, messages.Select(m => m.Uid));
        Assert.Equal(["$Forwarded", "\\Seen"], messages[0].Flags);
        Assert.Empty(messages[1].Flags);
        Assert.Equal(January, messages[0].InternalDate);
        Assert.Equal("<m1@example.org>", messages[0].MessageId);
        Assert.Equal(first.Content.Length, messages[0].Size);
        Assert.Equal(second.Content.Length, messages[1].Size);
        Assert.Equal(first.Content, await Server.FetchMessageBytesAsync("alice", "work/projects", uids[0]));
    }

    [Fact]
    public async Task Flags_can_be_added_removed_and_replaced_and_modseq_grows()
    {
        await Server.CreateMailboxAsync("alice", "flags");
        var uid = await Server.AppendAsync("alice", "flags", SeedMessage.Simple("f@example.org") with { Flags = ["\\Draft"] });
        var before = (await Server.FetchMessagesAsync("alice", "flags"))[0];

        await Server.AddFlagsAsync("alice", "flags", [uid], ["\\Flagged", "custom"]);
        Assert.Equal(["\\Draft", "\\Flagged", "custom"], (await Server.FetchMessagesAsync("alice", "flags"))[0].Flags);

        await Server.RemoveFlagsAsync("alice", "flags", [uid], ["\\Draft"]);
        Assert.Equal(["\\Flagged", "custom"], (await Server.FetchMessagesAsync("alice", "flags"))[0].Flags);

        await Server.ReplaceFlagsAsync("alice", "flags", [uid], []);
        var after = (await Server.FetchMessagesAsync("alice", "flags"))[0];
        Assert.Empty(after.Flags);
        Assert.True(after.ModSeq > before.ModSeq);
    }

    [Fact]
    public async Task Expunge_removes_only_the_given_uids_and_status_follows()
    {
        await Server.CreateMailboxAsync("bob", "expunge");
        var uids = await Server.AppendAsync("bob", "expunge",
            [SeedMessage.Simple("e1@x"), SeedMessage.Simple("e2@x"), SeedMessage.Simple("e3@x")]);
        await Server.AddFlagsAsync("bob", "expunge", [uids[2]], ["\\Deleted"]);

        await Server.ExpungeAsync("bob", "expunge", [uids[0]]);

        var left = await Server.FetchMessagesAsync("bob", "expunge");
        Assert.Equal([uids[1], uids[2]], left.Select(m => m.Uid));
        var status = await Server.GetMailboxStatusAsync("bob", "expunge");
        Assert.Equal(2u, status.Messages);
        Assert.Equal(uids[2] + 1, status.UidNext);
        Assert.NotEqual(0u, status.UidValidity);
        Assert.True(status.HighestModSeq > 0);
    }

    [Fact]
    public async Task Mailboxes_can_be_listed_renamed_subscribed_and_deleted_including_unicode_names()
    {
        await Server.CreateMailboxAsync("bob", "Entwürfe");
        await Server.AppendAsync("bob", "Entwürfe", SeedMessage.Simple("u@x"));
        await Server.CreateMailboxAsync("bob", "old");
        await Server.RenameMailboxAsync("bob", "old", "new");
        await Server.SubscribeAsync("bob", "new");

        var all = await Server.ListMailboxesAsync("bob");
        Assert.Contains("Entwürfe", all);
        Assert.Contains("new", all);
        Assert.DoesNotContain("old", all);
        Assert.Contains("INBOX", all);
        Assert.Equal(["new"], await Server.ListMailboxesAsync("bob", subscribedOnly: true));
        Assert.Single(await Server.FetchMessagesAsync("bob", "Entwürfe"));

        await Server.DeleteMailboxAsync("bob", "new");
        Assert.DoesNotContain("new", await Server.ListMailboxesAsync("bob"));
    }

    [Fact]
    public async Task Mail_files_belong_to_the_mail_user_not_root()
    {
        await Server.AppendAsync("alice", "INBOX", SeedMessage.Simple("owner@x"));
        var mailDir = Path.Combine(Server.Directory, "mail", "alice");

        var runningAsRoot = (await File.ReadAllTextAsync("/proc/self/status")).Contains("\nUid:\t0\t", StringComparison.Ordinal);

        var owners = await Imap.Testing.Processes.CommandRunner.RunCheckedAsync("find", [mailDir, "-printf", "%u\n"]);

        Assert.Equal([runningAsRoot ? "nobody" : Environment.UserName], owners.StandardOutput.Split('\n', StringSplitOptions.RemoveEmptyEntries).Distinct());
    }

    [Fact]
    public async Task Appending_to_a_missing_mailbox_fails_loudly()
    {
        var error = await Assert.ThrowsAsync<InvalidOperationException>(
            () => Server.AppendAsync("alice", "does-not-exist", SeedMessage.Simple("x@x")));

        Assert.Contains("TRYCREATE", error.Message, StringComparison.Ordinal);
        Assert.Equal("hello", Encoding.ASCII.GetString(SeedMessage.Simple("y@x").Content).Split("\r\n\r\n")[1].Trim());
    }
}
