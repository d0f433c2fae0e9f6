using Imap.Protocol.Client;
using Imap.Protocol.Model;
using static Imap.Protocol.Tests.Client.TranscriptClient;

namespace Imap.Protocol.Tests.Client;

/// <summary>
/// Text a caller puts together (FETCH sections, NOTIFY events, LIST options) goes out
/// as it is, so a line break in it would end the command early and run the rest as a command of its own,
/// and a non-ASCII character would be sent as '?'. Such text is refused before anything is sent.
/// (Search criteria are typed: see SearchKeyTranscriptTests.)
/// </summary>
public class RawTextTranscriptTests
{
    private static readonly TimeSpan s_limit = TimeSpan.FromSeconds(30);

    public static TheoryData<string> Calls => ["fetch section", "notify", "list option"];

    [Theory]
    [MemberData(nameof(Calls))]
    public async Task Raw_text_with_a_line_break_a_control_or_non_ascii_is_refused_and_nothing_is_sent(string call)
    {
        await using var server = new ScriptedImapServer(Greeting, new Exchange("NOOP", "{tag} OK"));
        await using var client = await Connect(server);

        var error = await Assert.ThrowsAsync<ArgumentException>(() => (call switch
        {
            "fetch section" => client.FetchListAsync(UidSet.Parse("1"), new FetchRequest { BodyItems = ["BODY.PEEK[]\r\nA1 LOGOUT"] }),
            "notify" => client.NotifyAsync("(SELECTED (MessageNew))\r\nA1 LOGOUT"),
            _ => (Task)client.ListAsync(new ListRequest { SelectionOptions = ["SUBSCRIBED\r\nA1 LOGOUT"] }),
        }).WaitAsync(s_limit));
        await client.NoopAsync().WaitAsync(s_limit);

        Assert.Contains("printable ASCII", error.Message, StringComparison.Ordinal);
        Assert.Null(server.Error);
        Assert.Equal(["NOOP"], server.Received);
    }
}
