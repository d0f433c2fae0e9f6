using System.Text;
using FsCheck;
using FsCheck.Xunit;
using Imap.Protocol.Client;
using Imap.Protocol.Commands;
using Imap.Protocol.Model;
using Imap.Protocol.Tests.Support;

namespace Imap.Protocol.Tests.Commands;

/// <summary>
/// Commands as values, without a socket: the bytes each one encodes to, what it declares about
/// pipelining, and arguments that come back unchanged through our own response parser.
/// </summary>
public class TypedCommandTests
{
    private static readonly UidSet s_uids = UidSet.Parse("1:3,7");

    private static readonly Dictionary<string, (Func<TypedCommand> Make, string Line, PipeliningKind Kind)> s_cases = new()
    {
        ["select"] = (() => new SelectCommand(new MailboxName("INBOX"), new SelectOptions()), "SELECT INBOX", PipeliningKind.SelectionChange),
        ["examine-condstore"] = (() => new SelectCommand(new MailboxName("a b"), new SelectOptions { ReadOnly = true, CondStore = true }),
            "EXAMINE \"a b\" (CONDSTORE)", PipeliningKind.SelectionChange),
        ["select-qresync"] = (() => new SelectCommand(new MailboxName("Entwürfe"),
            new SelectOptions { QResync = new QResyncParameters(new UidValidity(42), new ModSeq(9000), s_uids) }),
            "SELECT Entw&APw-rfe (QRESYNC (42 9000 1:3,7))", PipeliningKind.SelectionChange),
        ["fetch-flags"] = (() => new UidFetchCommand(s_uids, FetchRequest.FlagsAndModSeq), "UID FETCH 1:3,7 (UID FLAGS MODSEQ)", PipeliningKind.Independent),
        ["fetch-changedsince"] = (() => new UidFetchCommand(UidSet.All, new FetchRequest { Flags = true, ChangedSince = new ModSeq(5), Vanished = true }),
            "UID FETCH 1:* (UID FLAGS) (CHANGEDSINCE 5 VANISHED)", PipeliningKind.Independent),
        ["fetch-body"] = (() => new UidFetchCommand(s_uids, new FetchRequest { InternalDate = true, Size = true, BodyItems = ["BODY.PEEK[]"] }),
            "UID FETCH 1:3,7 (UID INTERNALDATE RFC822.SIZE BODY.PEEK[])", PipeliningKind.Independent),
        ["fetch-ids"] = (() => new UidFetchCommand(s_uids, new FetchRequest { ObjectIds = true, GmailMessageId = true }),
            "UID FETCH 1:3,7 (UID EMAILID THREADID X-GM-MSGID)", PipeliningKind.Independent),
        ["store"] = (() => new UidStoreCommand(s_uids, StoreAction.Add, ["\\Seen", "$Forwarded"]), "UID STORE 1:3,7 +FLAGS (\\Seen $Forwarded)", PipeliningKind.Independent),
        ["store-conditional"] = (() => new UidStoreCommand(s_uids, StoreAction.Replace, [], new ModSeq(12), silent: true),
            "UID STORE 1:3,7 (UNCHANGEDSINCE 12) FLAGS.SILENT ()", PipeliningKind.Independent),
        ["expunge"] = (() => new UidExpungeCommand(s_uids), "UID EXPUNGE 1:3,7", PipeliningKind.Independent),
        ["copy"] = (() => new UidCopyCommand(s_uids, new MailboxName("Archive/2024"), move: false), "UID COPY 1:3,7 Archive/2024", PipeliningKind.Independent),
        ["move"] = (() => new UidCopyCommand(s_uids, new MailboxName("Trash"), move: true), "UID MOVE 1:3,7 Trash", PipeliningKind.Independent),
        ["status"] = (() => new StatusCommand(new MailboxName("INBOX"), StatusItems.UidNext | StatusItems.UidValidity | StatusItems.HighestModSeq),
            "STATUS INBOX (UIDNEXT UIDVALIDITY HIGHESTMODSEQ)", PipeliningKind.Independent),
        ["list"] = (() => new ListCommand(new ListRequest()), "LIST \"\" *", PipeliningKind.Independent),
        ["list-extended"] = (() => new ListCommand(new ListRequest { SelectionOptions = ["SUBSCRIBED"], Patterns = ["*", "Entwürfe/%"], ReturnSubscribed = true, ReturnStatus = StatusItems.Messages }),
            "LIST (SUBSCRIBED) \"\" (* Entw&APw-rfe/%) RETURN (SUBSCRIBED STATUS (MESSAGES))", PipeliningKind.Independent),
        ["search"] = (() => new SearchCommand(SearchKey.And(SearchKey.UidFrom(new Uid(100)), SearchKey.ModSeqAtLeast(new ModSeq(5))), esearch: false), "UID SEARCH (UID 100:* MODSEQ 5)", PipeliningKind.Independent),
        ["esearch"] = (() => new SearchCommand(SearchKey.All, esearch: true), "UID SEARCH RETURN (ALL) ALL", PipeliningKind.Independent),
        ["noop"] = (() => SimpleCommand.Noop, "NOOP", PipeliningKind.Independent),
        ["enable"] = (() => new EnableCommand(["QRESYNC", "UTF8=ACCEPT"]), "ENABLE QRESYNC UTF8=ACCEPT", PipeliningKind.Barrier),
        ["idle"] = (() => SimpleCommand.Idle, "IDLE", PipeliningKind.Barrier),
        ["notify"] = (() => new NotifyCommand("(SELECTED (MessageNew (UID FLAGS)))"), "NOTIFY SET (SELECTED (MessageNew (UID FLAGS)))", PipeliningKind.Barrier),
        ["notify-none"] = (() => new NotifyCommand(null), "NOTIFY NONE", PipeliningKind.Barrier),
        ["logout"] = (() => SimpleCommand.Logout, "LOGOUT", PipeliningKind.Barrier),
        ["starttls"] = (() => SimpleCommand.StartTls, "STARTTLS", PipeliningKind.TransportUpgrade),
        ["compress"] = (() => SimpleCommand.Compress, "COMPRESS DEFLATE", PipeliningKind.TransportUpgrade),
        ["unselect"] = (() => SimpleCommand.Unselect, "UNSELECT", PipeliningKind.SelectionChange),
        ["close"] = (() => SimpleCommand.Close, "CLOSE", PipeliningKind.SelectionChange),
    };

    public static TheoryData<string> Cases => [.. s_cases.Keys];

    [Theory]
    [MemberData(nameof(Cases))]
    public void Each_command_encodes_to_its_line_and_declares_its_pipelining(string id)
    {
        var (make, line, kind) = s_cases[id];
        var command = make().Encode(EncodingContext.Plain);

        Assert.Equal(line + "\r\n", Single(command));
        Assert.Equal(kind, command.Pipelining.Kind);
    }

    [Fact]
    public void Only_fetch_and_store_declare_messages_and_only_a_store_or_a_body_fetch_without_peek_changes_them()
    {
        Assert.Equal(new MessageAccess(s_uids, Changes: false), new UidFetchCommand(s_uids, FetchRequest.FlagsAndModSeq).Pipelining.Messages);
        Assert.Equal(new MessageAccess(s_uids, Changes: false), new UidFetchCommand(s_uids, new FetchRequest { BodyItems = ["BODY.PEEK[]"] }).Pipelining.Messages);
        Assert.Equal(new MessageAccess(s_uids, Changes: true), new UidFetchCommand(s_uids, new FetchRequest { BodyItems = ["BODY[]"] }).Pipelining.Messages);
        Assert.Equal(new MessageAccess(s_uids, Changes: true), new UidStoreCommand(s_uids, StoreAction.Remove, ["\\Seen"]).Pipelining.Messages);
        foreach (var (id, (make, _, _)) in s_cases)
        {
            if (make() is not (UidFetchCommand or UidStoreCommand))
            {
                Assert.True(make().Pipelining.Messages is null, id);
            }
        }
    }

    [Fact]
    public void Barriers_run_alone_and_only_transport_upgrades_stop_the_read_loop()
    {
        foreach (var (id, (make, _, kind)) in s_cases)
        {
            var pipelining = make().Pipelining;
            Assert.True(pipelining.RunsAlone == kind is PipeliningKind.Barrier or PipeliningKind.TransportUpgrade, id);
            Assert.True(pipelining.StopsReading == (kind == PipeliningKind.TransportUpgrade), id);
            Assert.True(pipelining.ChangesSelection == (kind == PipeliningKind.SelectionChange), id);
        }
    }

    [Fact]
    public void Utf8_accept_sends_names_as_utf8()
    {
        var context = new EncodingContext(ImapLiteralPolicy.Synchronizing, Utf8Accept: true);

        Assert.Equal("SELECT \"Entwürfe\"\r\n", Single(new SelectCommand(new MailboxName("Entwürfe"), new SelectOptions()).Encode(context)));
        Assert.Equal("LIST \"\" \"Entwürfe/%\"\r\n", Single(new ListCommand(new ListRequest { Patterns = ["Entwürfe/%"] }).Encode(context)));
    }

    [Fact]
    public void Append_writes_flags_date_and_each_body_as_a_literal()
    {
        var messages = new[]
        {
            new AppendMessage { Content = ImapLiteral.FromMemory("a\r\n"u8.ToArray()), Flags = ["\\Seen"], InternalDate = new DateTimeOffset(2024, 3, 5, 7, 8, 9, TimeSpan.FromHours(1)) },
            new AppendMessage { Content = ImapLiteral.FromMemory("bc\r\n"u8.ToArray()) },
        };
        var command = new AppendCommand(new MailboxName("INBOX"), messages).Encode(new EncodingContext(new ImapLiteralPolicy(literalPlus: true, literalMinus: false), false));

        Assert.Equal(["APPEND INBOX (\\Seen) \"05-Mar-2024 07:08:09 +0100\" {3+}\r\n", " {4+}\r\n", "\r\n"], command.Segments.Select(s => Encoding.ASCII.GetString(s.Line.Span)));
        Assert.Equal([3L, 4L], command.Segments.Where(s => s.Literal is not null).Select(s => s.Literal!.Length));
        Assert.Equal(PipeliningKind.Independent, command.Pipelining.Kind);
    }

    [Theory]
    [InlineData("\\Seen)")]
    [InlineData("a\r\nX LOGOUT")]
    [InlineData("")]
    public void Bad_flags_are_refused_when_the_command_is_made(string flag)
    {
        Assert.Throws<ArgumentException>(() => new UidStoreCommand(s_uids, StoreAction.Add, [flag]));
        Assert.Throws<ArgumentException>(() => new AppendCommand(new MailboxName("INBOX"), [new AppendMessage { Content = ImapLiteral.FromMemory(new byte[1]), Flags = [flag] }]));
    }

    [Fact]
    public void An_extension_that_is_not_an_atom_is_refused_when_enable_is_made()
    {
        Assert.Throws<ArgumentException>(() => new EnableCommand(["QRESYNC", "X Y"]));
    }

    [Property(MaxTest = 300)]
    public bool Mailbox_names_come_back_through_our_parser(NonEmptyString text)
    {
        // Control characters would make the name a literal (a segment of its own); modified UTF-7 keeps the rest on the line.
        var name = new string([.. text.Get.Where(c => !char.IsControl(c) && !char.IsSurrogate(c))]);
        if (name.Length == 0)
        {
            return true;
        }
        var line = Single(new UidCopyCommand(s_uids, new MailboxName(name), move: false).Encode(EncodingContext.Plain));
        var argument = line["UID COPY 1:3,7 ".Length..];
        var list = (ListResponse)Responses.ParseFrame(Encoding.ASCII.GetBytes("* LIST () NIL " + argument));
        return list.Mailbox.Name == name;
    }

    [Property(MaxTest = 300)]
    public bool Stored_flags_come_back_through_our_parser(bool seen, bool deleted, bool answered, PositiveInt keywords)
    {
        var flags = new List<string>();
        if (seen) flags.Add("\\Seen");
        if (deleted) flags.Add("\\Deleted");
        if (answered) flags.Add("\\Answered");
        flags.AddRange(Enumerable.Range(0, keywords.Get % 5).Select(i => $"$Key{i}"));
        var line = Single(new UidStoreCommand(s_uids, StoreAction.Replace, flags).Encode(EncodingContext.Plain));
        var list = line["UID STORE 1:3,7 FLAGS ".Length..];
        var fetch = (FetchResponse)Responses.ParseFrame(Encoding.ASCII.GetBytes("* 1 FETCH (FLAGS " + list[..^2] + ")\r\n"));
        return fetch.Flags!.Value.Equals(FlagSet.FromNames(flags));
    }

    /// <summary>The command's only line (no literal), with its CRLF.</summary>
    private static string Single(ImapCommand command)
    {
        var segment = Assert.Single(command.Segments);
        return Encoding.UTF8.GetString(segment.Line.Span);
    }
}
