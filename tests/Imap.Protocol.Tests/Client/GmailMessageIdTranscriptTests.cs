using Imap.Protocol.Client;
using Imap.Protocol.Model;
using static Imap.Protocol.Tests.Client.TranscriptClient;

namespace Imap.Protocol.Tests.Client;

/// <summary>Gmail's X-GM-MSGID (X-GM-EXT-1) rides in a FETCH with other items and comes back per message.</summary>
public class GmailMessageIdTranscriptTests
{
    private static readonly TimeSpan s_limit = TimeSpan.FromSeconds(20);

    [Fact]
    public async Task Gmail_message_id_is_asked_with_the_other_items_and_read_per_message()
    {
        await using var server = new ScriptedImapServer(Greeting,
            new Exchange("UID FETCH 7:8 (UID RFC822.SIZE X-GM-MSGID)",
                "* 1 FETCH (X-GM-MSGID 1278455344230334865 UID 7 RFC822.SIZE 120)",
                "* 2 FETCH (UID 8 RFC822.SIZE 99 X-GM-MSGID 18446744073709551615)",
                "{tag} OK Success"));
        await using var client = await Connect(server);
        var fetched = await client.FetchListAsync(UidSet.FromRanges([new UidRange(7, 8)]), new FetchRequest { Size = true, GmailMessageId = true }).WaitAsync(s_limit);
        Assert.Equal(
            [(7u, 1278455344230334865UL), (8u, ulong.MaxValue)],
            fetched.Select(f => (f.Uid!.Value.Value, f.GmailMessageId!.Value)));
        Assert.Null(server.Error);
    }
}
