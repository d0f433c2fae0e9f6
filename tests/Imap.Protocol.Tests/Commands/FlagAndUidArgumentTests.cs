using System.Text;
using FsCheck;
using FsCheck.Xunit;
using Imap.Protocol.Client;
using Imap.Protocol.Commands;
using Imap.Protocol.Model;
using Imap.Protocol.Tests.Client;
using Imap.Protocol.Tests.Support;

namespace Imap.Protocol.Tests.Commands;

/// <summary>UID sets are formatted straight into a command's buffer; flags are checked before they are written.</summary>
public class FlagAndUidArgumentTests
{
    [Property(MaxTest = 300)]
    public void Uid_sets_written_into_a_command_are_their_text_and_parse_back(uint[] values, bool all)
    {
        var set = all ? UidSet.All : UidSet.FromUids(values.Where(v => v != 0).Select(v => new Uid(v)));
        var line = Line(new ImapCommandBuilder("UID FETCH", "UID FETCH "u8).Uids(set).Raw(" (UID)"u8).Build(Pipelining.Independent));

        Assert.Equal($"UID FETCH {set} (UID)\r\n", line);
        if (!set.IsEmpty)
        {
            Assert.True(UidSet.TryParse(Encoding.ASCII.GetBytes(line["UID FETCH ".Length..^" (UID)\r\n".Length]), out var parsed));
            Assert.Equal(set, parsed);
        }
    }

    [Fact]
    public void Largest_uids_fit_the_buffer()
    {
        var set = UidSet.FromRanges([new UidRange(4294967290, 4294967294), new UidRange(1, 1), new UidRange(7, 9)]);
        Assert.Equal("X 1,7:9,4294967290:4294967294\r\n", Line(new ImapCommandBuilder("X", "X "u8).Uids(set).Build(Pipelining.Independent)));
    }

    [Fact]
    public void A_flag_list_holds_system_flags_and_keywords()
    {
        var line = Line(new ImapCommandBuilder("UID STORE", "UID STORE 1 +FLAGS "u8).FlagList(["\\Seen", "$Forwarded", "Junk", "a]b"]).Build(Pipelining.Independent));
        Assert.Equal("UID STORE 1 +FLAGS (\\Seen $Forwarded Junk a]b)\r\n", line);
        Assert.Equal("X ()\r\n", Line(new ImapCommandBuilder("X", "X "u8).FlagList([]).Build(Pipelining.Independent)));
    }

    [Property(MaxTest = 300)]
    public void Flag_lists_parse_back_as_the_flags_written(bool seen, bool answered, PositiveInt[] keywordIds)
    {
        var flags = new[] { seen ? "\\Seen" : null, answered ? "\\Answered" : null }.OfType<string>()
            .Concat(keywordIds.Select(k => $"$k{k.Get}")).Distinct().ToList();
        var line = Line(new ImapCommandBuilder("X", "* FLAGS "u8).FlagList(flags).Build(Pipelining.Independent));

        var parsed = Assert.IsType<FlagsResponse>(Responses.ParseFrame(Encoding.ASCII.GetBytes(line), ImapQuirks.None)).Flags;
        Assert.Equal(FlagSet.FromNames(flags), parsed);
    }

    [Theory]
    [InlineData("")]
    [InlineData("\\")]
    [InlineData("two words")]
    [InlineData("x)")]
    [InlineData("(x")]
    [InlineData("x\r\nA1 DELETE INBOX")]
    [InlineData("\"q\"")]
    [InlineData("\\\\Seen")]
    [InlineData("wild*")]
    [InlineData("lit{5}")]
    [InlineData("pä")]
    public void Anything_that_could_end_the_list_or_the_command_is_refused(string flag)
    {
        var builder = new ImapCommandBuilder("UID STORE", "UID STORE 1 FLAGS "u8);
        var error = Assert.Throws<ArgumentException>(() => builder.FlagList(["\\Seen", flag]));
        Assert.Contains("flag", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_bad_flag_in_any_message_stops_the_append_before_anything_is_sent()
    {
        // Without MULTIAPPEND each message is its own APPEND: the first must not go out either.
        await using var server = new ScriptedImapServer("* OK [CAPABILITY IMAP4rev1 LITERAL+] ready", new Exchange("NOOP", "{tag} OK"));
        await using var client = await TranscriptClient.Connect(server);
        AppendMessage Message(string flag) => new() { Flags = [flag], Content = ImapLiteral.FromMemory("Subject: x\r\n\r\nx"u8.ToArray()) };

        await Assert.ThrowsAsync<ArgumentException>(() => client.AppendAsync(new MailboxName("INBOX"), [Message("\\Seen"), Message("x)\r\nA1 LOGOUT")]));
        await client.NoopAsync();

        Assert.Null(server.Error);
        Assert.Equal(["NOOP"], server.Received);
    }

    private static string Line(ImapCommand command) => Encoding.ASCII.GetString(Assert.Single(command.Segments).Line.Span);
}
