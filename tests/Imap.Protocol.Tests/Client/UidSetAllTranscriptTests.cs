using Imap.Protocol.Client;
using Imap.Protocol.Model;
using static Imap.Protocol.Tests.Client.TranscriptClient;

namespace Imap.Protocol.Tests.Client;

public class UidSetAllTranscriptTests
{
    private static readonly TimeSpan s_limit = TimeSpan.FromSeconds(20);

    [Fact]
    public async Task Fetching_all_sends_one_to_star_and_gets_every_message()
    {
        await using var server = new ScriptedImapServer(Greeting,
            new Exchange("UID FETCH 1:* (UID FLAGS)",
                @"* 1 FETCH (UID 3 FLAGS (\Seen))",
                "* 2 FETCH (UID 4000000000 FLAGS ())",
                "{tag} OK fetched"));
        await using var client = await Connect(server);
        var fetched = await client.FetchListAsync(UidSet.All, new FetchRequest { Flags = true }).WaitAsync(s_limit);
        Assert.Equal([3u, 4000000000u], fetched.Select(f => f.Uid!.Value.Value));
        Assert.Null(server.Error);
    }
}
