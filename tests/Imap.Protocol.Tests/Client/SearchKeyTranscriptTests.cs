using Imap.Protocol.Model;
using static Imap.Protocol.Tests.Client.TranscriptClient;

namespace Imap.Protocol.Tests.Client;

/// <summary>Typed search keys on the wire: a string with a line break or non-ASCII text reaches the server as a literal.</summary>
public class SearchKeyTranscriptTests
{
    private static readonly TimeSpan s_limit = TimeSpan.FromSeconds(60);

    [Fact]
    public async Task A_subject_with_a_line_break_and_non_ascii_text_is_one_literal_of_one_command()
    {
        const string Search = "UID SEARCH RETURN (ALL) CHARSET UTF-8 SUBJECT {24+}Grüße\r\nA1 DELETE INBOX"; // the server reads the literal inline
        await using var server = new ScriptedImapServer(Greeting,
            new Exchange("SELECT INBOX", "* 3 EXISTS", "{tag} OK [READ-WRITE] selected"),
            new Exchange(Search, "* ESEARCH (TAG \"{tag}\") UID ALL 2", "{tag} OK searched"),
            new Exchange("NOOP", "{tag} OK"));
        await using var client = await ConnectSelected(server);

        var found = await client.SearchAsync(SearchKey.Subject("Grüße\r\nA1 DELETE INBOX")).WaitAsync(s_limit);
        await client.NoopAsync().WaitAsync(s_limit);

        Assert.Null(server.Error);
        Assert.Equal(["SELECT INBOX", Search, "NOOP"], server.Received);
        Assert.Equal("2", found.Uids.ToString());
    }
}
