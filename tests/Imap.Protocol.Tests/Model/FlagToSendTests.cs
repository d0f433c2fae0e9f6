using Imap.Protocol.Client;
using Imap.Protocol.Model;
using Imap.Protocol.Tests.Client;
using static Imap.Protocol.Tests.Client.TranscriptClient;

namespace Imap.Protocol.Tests.Model;

/// <summary>Flags made to be sent are checked when made; a flag set can be stored as it was fetched.</summary>
public class FlagToSendTests
{
    [Theory]
    [InlineData("\\Seen", SystemFlags.Seen)]
    [InlineData("\\seen", SystemFlags.Seen)]
    [InlineData("$Forwarded", SystemFlags.None)]
    [InlineData("NonJunk", SystemFlags.None)]
    [InlineData("a]b", SystemFlags.None)]
    public void Sendable_names_make_flags(string name, SystemFlags system)
    {
        Assert.True(ImapFlag.TryCreate(name, out var flag));
        Assert.Equal(system, flag.System);
        Assert.Equal(name, flag.Name, StringComparer.OrdinalIgnoreCase);
    }

    [Theory]
    [InlineData(null)]
    [InlineData("")]
    [InlineData("\\")]
    [InlineData("two words")]
    [InlineData("x)")]
    [InlineData("x\r\nA1 DELETE INBOX")]
    [InlineData("\"q\"")]
    [InlineData("pä")]
    public void Names_that_could_end_the_list_or_the_command_make_none(string? name)
    {
        Assert.False(ImapFlag.TryCreate(name, out var flag));
        Assert.Equal(default, flag);
    }

    [Fact]
    public void A_keyword_is_not_a_system_flag_and_must_be_sendable()
    {
        Assert.True(ImapFlag.Keyword("$Label1").IsKeyword);
        Assert.Throws<ArgumentException>(() => ImapFlag.Keyword("\\Seen"));
        Assert.Throws<ArgumentException>(() => ImapFlag.Keyword("a b"));
    }

    [Fact]
    public async Task A_fetched_flag_set_is_stored_as_it_is()
    {
        await using var server = new ScriptedImapServer(Greeting,
            new Exchange("UID STORE 4 FLAGS (\\Seen \\Flagged $Forwarded)", "* 2 FETCH (UID 4 FLAGS (\\Seen \\Flagged $Forwarded))", "{tag} OK stored"),
            new Exchange("NOOP", "{tag} OK"));
        await using var client = await Connect(server);
        var fetched = FlagSet.FromNames(["$Forwarded", "\\Flagged", "\\Seen"]);

        var stored = await client.StoreAsync(UidSet.Parse("4"), StoreAction.Replace, fetched).WaitAsync(TimeSpan.FromSeconds(20));
        await client.NoopAsync();

        Assert.Null(server.Error);
        Assert.Equal(fetched, Assert.Single(stored.Updated).Flags);
    }

    [Fact]
    public async Task A_flag_set_with_an_unsendable_keyword_sends_nothing()
    {
        // A server may report a keyword another server would not take as one: it is refused here, not sent.
        await using var server = new ScriptedImapServer(Greeting, new Exchange("NOOP", "{tag} OK"));
        await using var client = await Connect(server);

        await Assert.ThrowsAsync<ArgumentException>(() => client.StoreAsync(UidSet.Parse("4"), StoreAction.Add, FlagSet.FromNames(["\\Seen", "x)"])));
        await client.NoopAsync();

        Assert.Null(server.Error);
        Assert.Equal(["NOOP"], server.Received);
    }
}
