using Imap.Protocol.Client;
using Imap.Protocol.Model;

namespace Imap.Protocol.Tests.Client;

/// <summary>Production-server quirks through the whole client: the connection survives them.</summary>
public class ProductionQuirkTranscriptTests
{
    [Fact]
    public async Task Exchange_bare_copyuid_line_is_skipped_and_the_connection_stays_usable()
    {
        await using var server = new ScriptedImapServer(TranscriptClient.Greeting,
            new Exchange("SELECT INBOX", "* 2 EXISTS", "* OK [UIDVALIDITY 55] ok", "* OK [UIDNEXT 9] ok", "{tag} OK [READ-WRITE] selected"),
            new Exchange("UID COPY 31 Archive", "[COPYUID 55 31 6]", "{tag} OK COPY completed"),
            new Exchange("NOOP", "{tag} OK NOOP completed"));
        await using var client = await TranscriptClient.Connect(server);

        await client.SelectAsync(new MailboxName("INBOX"));
        await client.CopyAsync(UidSet.FromUids([new Uid(31)]), new MailboxName("Archive"));
        await client.NoopAsync();

        Assert.Null(server.Error);
        Assert.Equal(ImapConnectionState.Selected, client.State);
    }

    [Fact]
    public async Task Zoho_negative_modseq_marks_the_selected_mailbox_as_having_none()
    {
        await using var server = new ScriptedImapServer(TranscriptClient.Greeting,
            new Exchange("SELECT INBOX (CONDSTORE)", "* 40 EXISTS", "* OK [UIDVALIDITY 7] ok", "* OK [UIDNEXT 337] ok", "* OK [HIGHESTMODSEQ 12] ok",
                "{tag} OK [READ-WRITE] selected"),
            new Exchange("UID FETCH 336 (UID FLAGS MODSEQ)", @"* 40 FETCH (MODSEQ (-1) FLAGS (\Seen) UID 336)", "{tag} OK FETCH completed"));
        await using var client = await TranscriptClient.Connect(server);

        var select = await client.SelectAsync(new MailboxName("INBOX"), new SelectOptions { CondStore = true });
        Assert.False(select.Mailbox.NoModSeq);
        var fetched = new List<FetchResponse>();
        await foreach (var response in client.FetchAsync(UidSet.FromUids([new Uid(336)]), new FetchRequest { Flags = true, ModSeq = true }))
        {
            fetched.Add(response);
        }

        Assert.Null(server.Error);
        Assert.Equal(new ModSeq(0), Assert.Single(fetched).ModSeq);
        Assert.True(client.Selected!.NoModSeq);
    }
}
