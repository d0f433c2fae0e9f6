using System.Text;
using Imap.Protocol.Model;
using Imap.Protocol.Parsing;
using Imap.Testing.Dovecot;

namespace Imap.Protocol.Tests.Parsing;

/// <summary>Known answers on real Dovecot bytes, parsed in strict mode (no quirks).</summary>
public class DovecotResponseTests(DovecotFixture fixture) : IClassFixture<DovecotFixture>
{
    private const string User = "alice";

    [Fact]
    public async Task Session_of_typed_responses()
    {
        await using var imap = DovecotTranscript.Start(fixture.Server.TunnelArguments(User));
        var greeting = Assert.IsType<StatusResponse>(await imap.ReadAsync());
        Assert.Equal(ImapStatus.PreAuth, greeting.Status);
        Assert.True(greeting.Code!.Capabilities!.QResync);

        var enabled = await imap.RunAsync("ENABLE QRESYNC");
        Assert.True(Assert.IsType<EnabledResponse>(enabled[0]).Has("QRESYNC"));

        var box = "parser-" + Guid.NewGuid().ToString("N")[..8];
        Assert.Equal(ImapStatus.Ok, Assert.IsType<StatusResponse>((await imap.RunAsync($"CREATE {box}"))[^1]).Status);
        var exists = Assert.IsType<StatusResponse>((await imap.RunAsync($"CREATE {box}"))[^1]);
        Assert.Equal((ImapStatus.No, ResponseCodeKind.AlreadyExists), (exists.Status, exists.Code!.Kind));
        Assert.Equal(ImapStatus.Ok, Assert.IsType<StatusResponse>((await imap.RunAsync($"CREATE \"{box}/Entw&APw-rfe\""))[^1]).Status);

        var message = Encoding.ASCII.GetBytes("From: a@example.org\r\nTo: b@example.org\r\nSubject: hello\r\nMessage-ID: <m1@example.org>\r\n\r\nbody\r\n");
        var append = Assert.IsType<StatusResponse>((await imap.RunAsync($"APPEND {box} (\\Seen $Label1) {{{message.Length}+}}", message))[^1]);
        Assert.Equal(ResponseCodeKind.AppendUid, append.Code!.Kind);
        Assert.Equal("1", append.Code.AppendedUids!.ToString());

        var list = await imap.RunAsync($"LIST \"\" \"{box}*\" RETURN (SUBSCRIBED CHILDREN STATUS (UIDVALIDITY UIDNEXT HIGHESTMODSEQ MESSAGES SIZE))");
        var names = list.OfType<ListResponse>().Select(l => l.Mailbox.Name).ToList();
        Assert.Contains($"{box}/Entwürfe", names);
        var status = list.OfType<MailboxStatusResponse>().Single(s => s.Mailbox.Name == box);
        Assert.Equal((1u, new Uid(2)), (status.Messages!.Value, status.UidNext!.Value));
        Assert.Equal((ulong)message.Length, status.Size);

        var select = await imap.RunAsync($"SELECT {box} (CONDSTORE)");
        Assert.Equal(ResponseCodeKind.ReadWrite, Assert.IsType<StatusResponse>(select[^1]).Code!.Kind);
        Assert.Equal(1u, select.OfType<ExistsResponse>().Single().Count);
        var validity = select.OfType<StatusResponse>().First(s => s.Code?.Kind == ResponseCodeKind.UidValidity).Code!.UidValidity!.Value;

        var fetch = Assert.IsType<FetchResponse>((await imap.RunAsync(
            "UID FETCH 1:* (UID FLAGS MODSEQ INTERNALDATE RFC822.SIZE ENVELOPE BODYSTRUCTURE BODY.PEEK[] BODY.PEEK[HEADER.FIELDS (SUBJECT)])"))[0]);
        Assert.Equal(new Uid(1), fetch.Uid);
        Assert.Equal(SystemFlags.Seen, fetch.Flags!.Value.Without(SystemFlags.Recent).System);
        Assert.Equal(["$Label1"], fetch.Flags.Value.Keywords);
        Assert.NotNull(fetch.ModSeq);
        Assert.NotNull(fetch.InternalDate);
        Assert.Equal(message.Length, fetch.Rfc822Size);
        Assert.Equal(("hello", "<m1@example.org>"), (fetch.Envelope!.Subject, fetch.Envelope.MessageId));
        Assert.Equal(("a", "example.org"), (fetch.Envelope.From[0].Mailbox, fetch.Envelope.From[0].Host));
        Assert.Equal((BodyStructureKind.Basic, "plain"), (fetch.BodyStructure!.Kind, fetch.BodyStructure.MediaSubtype!.ToLowerInvariant()));
        Assert.Equal(message, fetch.GetBody()!.Data!.Value.ToArray());
        Assert.Equal("Subject: hello\r\n\r\n", Encoding.ASCII.GetString(fetch.GetBody("BODY", "HEADER.FIELDS (SUBJECT)")!.Data!.Value.Span));

        var search = await imap.RunAsync("UID SEARCH RETURN (ALL COUNT MIN MAX) ALL");
        var esearch = search.OfType<ESearchResponse>().Single();
        Assert.Equal((true, 1u, "1"), (esearch.IsUid, esearch.Count!.Value, esearch.All!.ToString()));
        var plain = (await imap.RunAsync("UID SEARCH MODSEQ 1")).OfType<SearchResponse>().Single();
        Assert.Equal([1u], plain.Numbers);
        Assert.NotNull(plain.ModSeq);

        var conditional = Assert.IsType<StatusResponse>((await imap.RunAsync("UID STORE 1 (UNCHANGEDSINCE 1) +FLAGS.SILENT (\\Flagged)"))[^1]);
        Assert.Equal(ResponseCodeKind.Modified, conditional.Code!.Kind);
        Assert.Equal("1", conditional.Code.Modified!.ToString());

        var move = await imap.RunAsync($"UID MOVE 1 \"{box}/Entw&APw-rfe\"");
        var copyUid = move.OfType<StatusResponse>().First(s => s.Code?.Kind == ResponseCodeKind.CopyUid).Code!;
        Assert.Equal(new KeyValuePair<Uid, Uid>(new Uid(1), new Uid(1)), Assert.Single(copyUid.CopiedUids!));
        Assert.Equal("1", move.OfType<VanishedResponse>().Single().Uids.ToString());

        var qresync = await imap.RunAsync($"SELECT {box} (QRESYNC ({validity.Value} 1))");
        Assert.Contains(qresync, r => r is StatusResponse { Code.Kind: ResponseCodeKind.Closed });
        Assert.True(qresync.OfType<VanishedResponse>().Single().Earlier);

        var missing = Assert.IsType<StatusResponse>((await imap.RunAsync("SELECT nosuch-mailbox"))[^1]);
        Assert.Equal(ImapStatus.No, missing.Status);

        var ns = (await imap.RunAsync("NAMESPACE")).OfType<NamespaceResponse>().Single();
        Assert.Equal(fixture.Server.HierarchySeparator, ns.Personal[0].Delimiter);
        var id = (await imap.RunAsync("ID NIL")).OfType<IdResponse>().Single();
        Assert.Equal("Dovecot", id["name"]);
        var capability = (await imap.RunAsync("CAPABILITY")).OfType<CapabilityResponse>().Single();
        Assert.True(capability.Capabilities.Move);
        var bye = await imap.RunAsync("LOGOUT");
        Assert.Equal(ImapStatus.Bye, Assert.IsType<StatusResponse>(bye[0]).Status);
    }

    [Fact]
    public async Task Large_body_streams_from_real_server()
    {
        var box = "stream-" + Guid.NewGuid().ToString("N")[..8];
        var body = new StringBuilder("From: a@example.org\r\nSubject: big\r\n\r\n");
        while (body.Length < 3 << 20)
            body.Append("0123456789 abcdefghijklmnopqrstuvwxyz ABCDEFGHIJKLMNOPQRSTUVWXYZ\r\n");
        var message = Encoding.ASCII.GetBytes(body.ToString());
        var sink = new RecordingSink();
        await using var imap = DovecotTranscript.Start(fixture.Server.TunnelArguments(User), sink);
        await imap.ReadAsync();
        await imap.RunAsync($"CREATE {box}");
        await imap.RunAsync($"APPEND {box} {{{message.Length}+}}", message);
        await imap.RunAsync($"SELECT {box}");
        var fetch = Assert.IsType<FetchResponse>((await imap.RunAsync("UID FETCH 1 (UID BODY.PEEK[])"))[0]);
        Assert.True(fetch.GetBody()!.IsStreamed);
        Assert.Equal(new Uid(1), Assert.Single(sink.Contexts).Uid);
        Assert.Equal(message, sink.Bytes.ToArray());
    }

    private sealed class RecordingSink : IFetchBodySinkProvider, IFetchBodySink
    {
        public List<FetchBodyContext> Contexts { get; } = [];
        public MemoryStream Bytes { get; } = new();

        public IFetchBodySink Open(FetchBodyContext context)
        {
            Contexts.Add(context);
            return this;
        }

        public ValueTask WriteAsync(ReadOnlyMemory<byte> chunk, CancellationToken cancellationToken)
        {
            Bytes.Write(chunk.Span);
            return ValueTask.CompletedTask;
        }

        public ValueTask CompleteAsync(CancellationToken cancellationToken) => ValueTask.CompletedTask;
    }
}
