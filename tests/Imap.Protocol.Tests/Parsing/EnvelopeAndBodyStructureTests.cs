using Imap.Protocol.Model;
using Imap.Protocol.Tests.Support;

namespace Imap.Protocol.Tests.Parsing;

/// <summary>Known answers for ENVELOPE and BODYSTRUCTURE (vectors E), including invalid values that do not fail the FETCH.</summary>
public class EnvelopeAndBodyStructureTests
{
    [Fact]
    public async Task Rfc3501_example_envelope_and_body()
    {
        var fetch = await Responses.OneAsync<FetchResponse>(
            "* 12 FETCH (FLAGS (\\Seen) INTERNALDATE \"17-Jul-1996 02:44:25 -0700\" RFC822.SIZE 4286 ENVELOPE (\"Wed, 17 Jul 1996 02:23:25 -0700 (PDT)\" \"IMAP4rev1 WG mtg summary and minutes\" ((\"Terry Gray\" NIL \"gray\" \"cac.washington.edu\")) ((\"Terry Gray\" NIL \"gray\" \"cac.washington.edu\")) ((\"Terry Gray\" NIL \"gray\" \"cac.washington.edu\")) ((NIL NIL \"imap\" \"cac.washington.edu\")) ((NIL NIL \"minutes\" \"CNRI.Reston.VA.US\")(\"John Klensin\" NIL \"KLENSIN\" \"MIT.EDU\")) NIL NIL \"<B27397-0100000@cac.washington.edu>\") BODY (\"TEXT\" \"PLAIN\" (\"CHARSET\" \"US-ASCII\") NIL NIL \"7BIT\" 3028 92))",
            ImapQuirks.None);
        var envelope = fetch.Envelope!;
        Assert.True(envelope.IsValid);
        Assert.Equal("Wed, 17 Jul 1996 02:23:25 -0700 (PDT)", envelope.Date);
        Assert.Equal("IMAP4rev1 WG mtg summary and minutes", envelope.Subject);
        Assert.Equal(new EnvelopeAddress("Terry Gray", null, "gray", "cac.washington.edu"), Assert.Single(envelope.From));
        Assert.Equal("imap@cac.washington.edu", Assert.Single(envelope.To).Address);
        Assert.Equal(["minutes@CNRI.Reston.VA.US", "KLENSIN@MIT.EDU"], envelope.Cc.Select(a => a.Address));
        Assert.Empty(envelope.Bcc);
        Assert.Null(envelope.InReplyTo);
        Assert.Equal("<B27397-0100000@cac.washington.edu>", envelope.MessageId);
        var body = fetch.BodyStructure!;
        Assert.Equal((BodyStructureKind.Basic, "TEXT", "PLAIN", "7BIT", 3028L, 92L), (body.Kind, body.MediaType, body.MediaSubtype, body.Encoding, body.Size!.Value, body.Lines!.Value));
        Assert.Equal(new KeyValuePair<string, string?>("CHARSET", "US-ASCII"), Assert.Single(body.Parameters));
        Assert.Equal(4286, fetch.Rfc822Size);
    }

    [Fact]
    public async Task Group_syntax()
    {
        var envelope = (await Responses.OneAsync<FetchResponse>(
            "* 1 FETCH (ENVELOPE (NIL \"s\" NIL NIL NIL ((NIL NIL \"undisclosed-recipients\" NIL)(NIL NIL NIL NIL)) NIL NIL NIL NIL))")).Envelope!;
        Assert.Equal("s", envelope.Subject);
        Assert.True(envelope.To[0].IsGroupStart);
        Assert.Equal("undisclosed-recipients", envelope.To[0].Mailbox);
        Assert.True(envelope.To[1].IsGroupEnd);
    }

    [Fact]
    public async Task Unescaped_quotes_quirk_on_and_off()
    {
        const string line = "* 1 FETCH (ENVELOPE (NIL NIL ((\"<sender@domain.com>\" NIL \"=?UTF-8?Q?\"Dummy=C3=ADa_Pa=C3=A1ndez_Algo\"?=\" NIL)) NIL NIL NIL NIL NIL NIL NIL))";
        var from = Assert.Single((await Responses.OneAsync<FetchResponse>(line, ImapQuirks.UnescapedQuotes)).Envelope!.From);
        Assert.Equal("<sender@domain.com>", from.Name);
        Assert.Equal("=?UTF-8?Q?\"Dummy=C3=ADa_Pa=C3=A1ndez_Algo\"?=", from.Mailbox);
        await Assert.ThrowsAsync<ImapProtocolException>(() => Responses.OneAsync<FetchResponse>(line, ImapQuirks.None));
    }

    [Fact]
    public async Task Literal_counted_in_characters_gives_an_invalid_envelope()
    {
        var fetch = await Responses.OneAsync<FetchResponse>(
            "* 1 FETCH (UID 5 ENVELOPE (NIL NIL (({38}<CRLF>Рецепция Офис сграда \"Данаил Дечев\" №6 NIL \"facility\" \"x.com\")) NIL NIL NIL NIL NIL NIL NIL))");
        Assert.False(fetch.Envelope!.IsValid);
        Assert.NotNull(fetch.Envelope.RawText);
        Assert.Equal(new Uid(5), fetch.Uid);
    }

    [Fact]
    public async Task Multipart_alternative_with_nil_parameter_value()
    {
        const string line = "* 1 FETCH (BODYSTRUCTURE ((\"TEXT\" \"PLAIN\" (\"CHARSET\" \"UTF-8\") NIL NIL \"7BIT\" 5 1 NIL NIL NIL NIL)(\"TEXT\" \"HTML\" (\"CHARSET\" \"UTF-8\") NIL NIL \"7BIT\" 12 1 NIL NIL NIL NIL) \"ALTERNATIVE\" (\"boundary\" NIL) NIL NIL NIL))";
        var lenient = (await Responses.OneAsync<FetchResponse>(line, ImapQuirks.LenientBodyStructure)).BodyStructure!;
        Assert.Equal((BodyStructureKind.Multipart, "ALTERNATIVE"), (lenient.Kind, lenient.MediaSubtype));
        Assert.Equal(["PLAIN", "HTML"], lenient.Parts.Select(p => p.MediaSubtype));
        Assert.Equal(new KeyValuePair<string, string?>("boundary", null), Assert.Single(lenient.Parameters));
        var strict = (await Responses.OneAsync<FetchResponse>(line, ImapQuirks.None)).BodyStructure!;
        Assert.False(strict.IsValid);
        Assert.StartsWith("((\"TEXT\"", strict.RawText, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Negative_size_and_nil_disposition_quirk_on_and_off()
    {
        const string negative = "* 1 FETCH (BODYSTRUCTURE (\"multipart\" \"digest\" (\"boundary\" \"ommgDs4vJ6fX2nQAghXj4aUy9wsHMMDb\") NIL NIL \"7BIT\" -1 NIL NIL NIL NIL))";
        Assert.Equal(-1, (await Responses.OneAsync<FetchResponse>(negative, ImapQuirks.LenientBodyStructure)).BodyStructure!.Size);
        Assert.False((await Responses.OneAsync<FetchResponse>(negative, ImapQuirks.None)).BodyStructure!.IsValid);
        const string disposition = "* 1 FETCH (BODYSTRUCTURE (\"application\" \"msword\" NIL NIL NIL \"base64\" 50446 NIL (NIL NIL) NIL NIL))";
        var lenient = (await Responses.OneAsync<FetchResponse>(disposition, ImapQuirks.LenientBodyStructure)).BodyStructure!;
        Assert.True(lenient.IsValid);
        Assert.Null(lenient.Disposition);
        Assert.Equal(50446, lenient.Size);
        Assert.False((await Responses.OneAsync<FetchResponse>(disposition, ImapQuirks.None)).BodyStructure!.IsValid);
    }

    [Fact]
    public async Task Empty_list_as_body_is_invalid_in_every_mode()
    {
        const string line = "* 1 FETCH (UID 3 BODYSTRUCTURE (\"message\" \"rfc822\" NIL NIL NIL \"7BIT\" 787 (NIL NIL NIL NIL NIL NIL NIL NIL NIL NIL) () 0 NIL NIL NIL))";
        foreach (var quirks in new[] { ImapQuirks.None, ImapQuirks.Recommended })
        {
            var fetch = await Responses.OneAsync<FetchResponse>(line, quirks);
            Assert.False(fetch.BodyStructure!.IsValid);
            Assert.Equal(new Uid(3), fetch.Uid);
        }
    }

    [Fact]
    public async Task Message_rfc822_part()
    {
        var body = (await Responses.OneAsync<FetchResponse>(
            "* 1 FETCH (BODYSTRUCTURE (\"message\" \"rfc822\" NIL NIL NIL \"7BIT\" 787 (NIL \"inner\" NIL NIL NIL NIL NIL NIL NIL NIL) (\"text\" \"plain\" NIL NIL NIL \"7bit\" 10 1) 20))", ImapQuirks.None)).BodyStructure!;
        Assert.Equal(BodyStructureKind.Message, body.Kind);
        Assert.Equal("inner", body.Envelope!.Subject);
        Assert.Equal("plain", body.Body!.MediaSubtype);
        Assert.Equal(20, body.Lines);
    }

    [Fact]
    public async Task Extension_data_with_number()
    {
        var body = (await Responses.OneAsync<FetchResponse>(
            "* 1 FETCH (BODYSTRUCTURE (\"TEXT\" \"plain\" NIL NIL \"description\" \"cte\" 123 14 \"AABB\" NIL NIL NIL (1337)))", ImapQuirks.None)).BodyStructure!;
        Assert.Equal(("description", "cte", 123L, 14L, "AABB"), (body.Description, body.Encoding, body.Size!.Value, body.Lines!.Value, body.Md5));
    }

    [Fact]
    public async Task Disposition_language_and_location()
    {
        var body = (await Responses.OneAsync<FetchResponse>(
            "* 1 FETCH (BODYSTRUCTURE (\"image\" \"png\" (\"name\" \"a.png\") \"<id>\" NIL \"base64\" 100 NIL (\"attachment\" (\"filename\" \"a.png\")) (\"en\" \"fr\") \"http://x/a.png\"))", ImapQuirks.None)).BodyStructure!;
        Assert.Equal(("attachment", "<id>", "http://x/a.png"), (body.Disposition, body.ContentId, body.Location));
        Assert.Equal(["en", "fr"], body.Languages);
        Assert.Equal("a.png", body.DispositionParameters[0].Value);
    }

    [Fact]
    public async Task Deep_nesting_with_empty_literals()
    {
        var fetch = await Responses.OneAsync<FetchResponse>(
            "* 3372220415 FETCH (BODYSTRUCTURE ((((((({0}<CRLF> {0}<CRLF> NIL NIL NIL {0}<CRLF> 0 \"FOO\" NIL NIL \"LOCATION\" 1337) \"mixed\") \"mixed\") \"mixed\") \"mixed\") \"mixed\") \"mixed\"))",
            ImapQuirks.None);
        Assert.Equal(3372220415u, fetch.SequenceNumber);
        var node = fetch.BodyStructure!;
        for (var level = 0; level < 6; level++)
        {
            Assert.Equal(BodyStructureKind.Multipart, node.Kind);
            node = Assert.Single(node.Parts);
        }
        Assert.Equal((BodyStructureKind.Basic, "", "FOO", "LOCATION"), (node.Kind, node.MediaType, node.Md5, node.Location));
    }

    [Fact]
    public async Task Nesting_beyond_the_limit_is_a_protocol_error_not_a_stack_overflow()
    {
        var nested = string.Concat(Enumerable.Repeat("(", 200)) + "\"a\" \"b\" NIL NIL NIL \"7bit\" 1" + string.Concat(Enumerable.Repeat(") \"mixed\"", 199)) + ")";
        var bytes = Wire.Line($"* 1 FETCH (BODYSTRUCTURE {nested})");
        await Assert.ThrowsAsync<ImapProtocolException>(() => Responses.ReadAllAsync(bytes));
        var fine = await Responses.ReadAllAsync(Wire.Line($"* 1 FETCH (BODYSTRUCTURE {nested})"), limits: ImapReaderLimits.Default with { MaxNesting = 500 });
        Assert.True(Assert.IsType<FetchResponse>(Assert.Single(fine)).BodyStructure!.IsValid);
    }
}
