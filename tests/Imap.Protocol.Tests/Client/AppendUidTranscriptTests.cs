using Imap.Protocol.Client;
using Imap.Protocol.Commands;
using Imap.Protocol.Model;
using static Imap.Protocol.Tests.Client.TranscriptClient;

namespace Imap.Protocol.Tests.Client;

/// <summary>
/// APPENDUID that does not line up with the appended messages (a hostile or buggy server) gives no
/// UIDs at all: a caller pairing message i with UID i would otherwise map messages to other messages.
/// </summary>
public sealed class AppendUidTranscriptTests
{
    private const string NoMultiAppend = "* OK [CAPABILITY IMAP4rev1 LITERAL+ UIDPLUS] ready";
    private static readonly TimeSpan s_limit = TimeSpan.FromSeconds(20);

    // One UID each; two then none; none then one; two UIDVALIDITYs.
    public static TheoryData<string, string, uint[]> PipelinedReplies => new()
    {
        { "[APPENDUID 42 7] ok", "[APPENDUID 42 8] ok", [7, 8] },
        { "[APPENDUID 42 7:8] ok", "ok", [] },
        { "ok", "[APPENDUID 42 8] ok", [] },
        { "[APPENDUID 42 7] ok", "[APPENDUID 43 8] ok", [] },
    };

    [Theory]
    [MemberData(nameof(PipelinedReplies))]
    public async Task Pipelined_appends_give_UIDs_only_when_each_reply_names_exactly_one(string first, string second, uint[] expected)
    {
        await using var server = new ScriptedImapServer(NoMultiAppend,
            new Exchange(["APPEND INBOX {1+}a", "APPEND INBOX {1+}b"], ["{tag0} OK " + first, "{tag1} OK " + second]));
        await using var client = await Connect(server);

        var result = await client.AppendAsync(new MailboxName("INBOX"), [Message("a"), Message("b")]).WaitAsync(s_limit);

        Assert.Null(server.Error);
        Assert.Equal(expected.Select(u => new Uid(u)), result.Uids);
        Assert.Equal(expected.Length == 0 ? null : new UidValidity(42), result.UidValidity);
    }

    [Theory]
    [InlineData("[APPENDUID 42 7:8]")]
    [InlineData("[APPENDUID 42 7:10]")]
    [InlineData("[APPENDUID 42 1:4294967295]")] // never expanded into four billion UIDs
    [InlineData("")]
    public async Task A_multiappend_reply_with_a_UID_set_of_the_wrong_size_gives_no_UIDs(string code)
    {
        await using var server = new ScriptedImapServer(Greeting,
            new Exchange("APPEND INBOX {1+}a {1+}b {1+}c", $"{{tag}} OK {code} appended"));
        await using var client = await Connect(server);

        var result = await client.AppendAsync(new MailboxName("INBOX"), [Message("a"), Message("b"), Message("c")]).WaitAsync(s_limit);

        Assert.Null(server.Error);
        Assert.Empty(result.Uids);
        Assert.Null(result.UidValidity);
    }

    private static AppendMessage Message(string text) => new() { Content = ImapLiteral.FromMemory(System.Text.Encoding.ASCII.GetBytes(text)) };
}
