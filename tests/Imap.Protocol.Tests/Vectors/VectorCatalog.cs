using Imap.Protocol.Model;

namespace Imap.Protocol.Tests.Vectors;

/// <summary>Tricky server responses (sections A–G: RFC examples and output recorded from real servers), one response sequence per entry.</summary>
internal static class VectorCatalog
{
    public static readonly Support.Vector[] A =
    [
        new("* OK IMAP4rev1 Service Ready"),
        new("* PREAUTH IMAP4rev1 server logged in as Smith"),
        new("* BYE Autologout; idle for too long"),
        new("* OK [ALERT] System shutdown in 10 minutes"),
        new("* NO Disk is 98% full, please delete unnecessary data"),
        new("* OK [CAPABILITY IMAP4rev1 SASL-IR LOGIN-REFERRALS ID ENABLE IDLE LITERAL+ STARTTLS AUTH=PLAIN AUTH=LOGIN] Dovecot (Debian) ready."),
        new("* PREAUTH [CAPABILITY IMAP4rev1 SASL-IR LOGIN-REFERRALS ID ENABLE IDLE SORT SORT=DISPLAY THREAD=REFERENCES THREAD=REFS THREAD=ORDEREDSUBJECT MULTIAPPEND URL-PARTIAL CATENATE UNSELECT CHILDREN NAMESPACE UIDPLUS LIST-EXTENDED I18NLEVEL=1 CONDSTORE QRESYNC ESEARCH ESORT SEARCHRES WITHIN CONTEXT=SEARCH LIST-STATUS BINARY MOVE SNIPPET=FUZZY PREVIEW=FUZZY PREVIEW STATUS=SIZE SAVEDATE LITERAL+ NOTIFY COMPRESS=DEFLATE] Logged in as alice"),
        new("a2 OK [CAPABILITY IMAP4rev1 SASL-IR LOGIN-REFERRALS ID ENABLE IDLE SORT SORT=DISPLAY THREAD=REFERENCES THREAD=REFS THREAD=ORDEREDSUBJECT MULTIAPPEND URL-PARTIAL CATENATE UNSELECT CHILDREN NAMESPACE UIDPLUS LIST-EXTENDED I18NLEVEL=1 CONDSTORE QRESYNC ESEARCH ESORT SEARCHRES WITHIN CONTEXT=SEARCH LIST-STATUS BINARY MOVE SNIPPET=FUZZY PREVIEW=FUZZY PREVIEW STATUS=SIZE SAVEDATE LITERAL+ NOTIFY COMPRESS=DEFLATE] Logged in"),
        new("* CAPABILITY IMAP4rev1 LITERAL+ UIDPLUS ENABLE IDLE NAMESPACE LIST-EXTENDED LIST-STATUS MULTIAPPEND UNSELECT<CRLF>a2 OK Logged in"),
        new("+ Ready for additional command text"),
        new("+ idling"),
        new("+ YGgGCSqGSIb3EgECAgIAb1kwV6ADAgEFoQMCAQ+iSzBJoAMCAQGiQgRAtHTEuOP2BXb9sBYFR4SJlDZxmg39IxmRBOhXRKdDA0uHTCOT9Bq3OsUTXUlk0CsFLoa8j+gvGDlgHuqzWHPSQg=="),
        new("+<SP>"),
        new("+", Support.Verdict.Tolerate, ImapQuirks.MissingText),
        new("a107 OK", Support.Verdict.Tolerate, ImapQuirks.MissingText),
        new("* OK [HIGHESTMODSEQ 715194045007]"),
        new("* OK [CLOSED]"),
        new("* OK [PERMANENTFLAGS (\\Answered \\Flagged \\Draft)]"),
        new("* OK [PERMANENTFLAGS (\\Deleted \\Seen \\*)] Limited"),
        new("* OK [PERMANENTFLAGS ()] No permanent flags permitted"),
        new("* OK [PERMANENTFLAGS (\\Answered \\Flagged \\Deleted \\Seen \\Draft $Label1 \\*)] Flags permitted."),
        new("A684 NO Name \"foo\" has inferior hierarchical names"),
        new("A044 BAD No such command as \"BLURDYBLOOP\""),
        new("* OK [UnSEEN 12345] Message 12345 is first unseen"),
        new("* OK [UIDVALIDITY 3857529045] UIDs valid"),
        new("* OK [HIGHESTMODSEQ 90060128194045007] Highest mailbox"),
        new("* OK [NOMODSEQ] Sorry, this mailbox format doesn't support modsequences"),
        new("A02 OK [READ-WRITE] Sorry, UIDVALIDITY mismatch"),
        new("u4 OK [CLIENTBUG] Status on selected mailbox completed (0.001 + 0.000 secs)."),
        new("t3 NO [ALREADYEXISTS] Mailbox already exists (0.001 + 0.000 secs)."),
        new("t5 NO [TRYCREATE] Mailbox doesn't exist: nosuch (0.001 + 0.000 secs)."),
        new("u8 NO Mailbox doesn't exist: nosuch (0.001 + 0.000 secs)."),
        new("* NO [OVERQUOTA] Soft quota has been exceeded"),
        new("A1 NO [BADEVENT (MessageNew MessageExpunge FlagChange)] unsupported"),
        new("* OK [NOTIFICATIONOVERFLOW] dropped"),
        new("* NO [UNSEEN]"),
        new("* NO [TRYCREATE"),
        new("* NO [FOO(BAR)]"),
        new("RUBY0001 OK [Error=\"Microsoft.Exchange.Data.Storage.WrongServerException:Cross Server access is not allowed for mailbox x\" AuthResultFromPopImapEnd=0 Service=Imap4] AUTHENTICATE completed."),
        new("* [COPYUID 38505 304 3956] Done", Support.Verdict.Tolerate, ImapQuirks.UntaggedCodeWithoutStatus),
        new("[COPYUID 124 10 233]", Support.Verdict.Tolerate, ImapQuirks.BareResponseCodeLine),
        new("[COPYUID 55 31 6]", Support.Verdict.Tolerate, ImapQuirks.BareResponseCodeLine),
        new("* VANISHED (EARLIER) 0:*", Support.Verdict.Tolerate, ImapQuirks.MalformedVanished),
        new("* LIST (\\HasNoChildren) \"\" \"Folder2\"", Support.Verdict.Tolerate, ImapQuirks.EmptyDelimiter),
        new("* 40 FETCH (MODSEQ (-1) FLAGS (\\Seen) UID 336)", Support.Verdict.Tolerate, ImapQuirks.NegativeModSeq),
        new("* 2 FETCH (UID 14935 (ENVELOPE (NIL \"s\" NIL NIL NIL NIL NIL NIL NIL NIL)) BODYSTRUCTURE (\"TEXT\" \"PLAIN\" NIL NIL NIL \"7BIT\" 5 1 NIL NIL NIL))", Support.Verdict.Tolerate, ImapQuirks.ParenthesizedFetchItems),
        new("* 1 FETCH (UID 3016 BODY[2.MIME] {4}<CRLF>a: b BODY[2] )", Support.Verdict.Tolerate, ImapQuirks.SectionWithoutValue),
        new("* CAPABILITY IMAP4REV1<SP>", Support.Verdict.Tolerate, ImapQuirks.TrailingSpace),
        new("* STATUS INBOX (MESSAGES 100 UNSEEN 0)<SP>", Support.Verdict.Tolerate, ImapQuirks.TrailingSpace),
        new("*  search 1 2 3", Support.Verdict.Reject),
    ];

    public static readonly Support.Vector[] B =
    [
        new("A003 OK [APPENDUID 38505 3955] APPEND completed"),
        new("t4 OK [APPENDUID 1795711636 1:2] Append completed (0.002 + 0.000 + 0.001 secs)."),
        new("A004 OK [COPYUID 38505 304,319:320 3956:3958] Done"),
        new("* OK [COPYUID 432432 42:69 1202:1229]<CRLF>* 22 EXPUNGE"),
        new("* OK [COPYUID 1795711637 1 1] Moved UIDs.<CRLF>* VANISHED 1<CRLF>u7 OK [HIGHESTMODSEQ 6] Move completed (0.002 + 0.000 + 0.001 secs)."),
        new("* OK [UIDNOTSTICKY] Non-persistent UIDs"),
    ];

    public static readonly Support.Vector[] C =
    [
        new("* ENABLED QRESYNC"),
        new("* ENABLED CONDSTORE QRESYNC"),
        new("* ENABLED QRESYNC CONDSTORE"),
        new("* ENABLED"),
        new("* VANISHED (EARLIER) 41,43:116,118,120:211,214:540"),
        new("* VANISHED (EARLIER) 41,43:116,118,120:211,540:214"),
        new("* VANISHED 405,407,410,425"),
        new("* VANISHED 2<CRLF>* 1 RECENT<CRLF>t11 OK [HIGHESTMODSEQ 5] Expunge completed (0.001 + 0.000 secs)."),
        new("* 5 VANISHED 1:3", Support.Verdict.Reject),
        new("* 49 FETCH (UID 117 FLAGS (\\Seen \\Answered) MODSEQ (90060115194045001))"),
        new("* 50 FETCH (UID 119 FLAGS (\\Draft $MDNSent) MODSEQ (90060115194045308))"),
        new("* 1 FETCH (UID 1 FLAGS (\\Seen \\Recent) MODSEQ (2))"),
        new("* 1 FETCH (FLAGS (\\Seen) UID 1 MODSEQ (5))"),
        new("* 2 FETCH (UID 2 MODSEQ (4))"),
        new("* 7 FETCH (MODSEQ (320162342) FLAGS (\\Seen \\Deleted))"),
        new("* 1 FETCH (MODSEQ (320172342) FLAGS (\\SEEN))"),
        new("* 101 FETCH (MODSEQ (303011130956) FLAGS ($Processed \\Deleted \\Answered))"),
        new("* 1 FETCH (UID 4 MODSEQ (65402) FLAGS (\\Seen))"),
        new("d105 OK [MODIFIED 7,9] Conditional STORE failed"),
        new("B001 NO [MODIFIED 2] Some of the messages no longer exist."),
        new("t9 OK [MODIFIED 1] Conditional store failed (0.001 + 0.000 secs)."),
        new("* SEARCH 2 5 6 7 11 12 18 19 20 23 (MODSEQ 917162500)"),
        new("* SEARCH"),
        new("* ESEARCH (TAG \"a\") ALL 1:3,5 MODSEQ 1236"),
        new("* ESEARCH (TAG \"a\") ALL 5,3,2,1 MODSEQ 1236"),
        new("* STATUS blurdybloop (MESSAGES 231 UIDNEXT 44292 HIGHESTMODSEQ 7011231777)"),
        new("* STATUS box (MESSAGES 2 UIDNEXT 3 UIDVALIDITY 1795711636 HIGHESTMODSEQ 3)"),
    ];

    public static readonly Support.Vector[] D =
    [
        new("* LIST (\\Noselect) \"/\" \"\""),
        new("* LIST (\\Noselect) \".\" #news."),
        new("* LIST (\\Noselect) \"/\" ~/Mail/foo"),
        new("* LIST () \"/\" box"),
        new("* LIST () NIL INBOX"),
        new("* LIST () \".\" inbox"),
        new("* LSUB (\\NoSelect) \".\" #news.comp.mail"),
        new("* LSUB (\\noselect \\marked) \"/\" ~peter/mail/&U,BTFw-/&ZeVnLIqe-"),
        new("* LIST () \"/\" \"&U,BTFw-&ZeVnLIqe-\""),
        new("* LIST () \"/\" \"a<NUL>b\"", Support.Verdict.Reject),
        new("* LIST (\\HasNoChildren) \".\" \"Tom &- Jerry\""),
        new("* LIST (\\HasNoChildren) \"|\" \"&BBAEMQQyACYEMwQ0BDU-\""),
        new("* LIST (\\Noselect \\Noinferiors) NIL {6}<CRLF>foobar"),
        new("* LIST (\\HasNoChildren) \"/\" INBOX/Da<TAB>Oggetto<TAB>Ricevuto<TAB>", Support.Verdict.Tolerate, ImapQuirks.ControlCharactersInAtoms),
        new("* LIST (\\Subscribed) \"/\" eps2 (\"CHILDINFO\" (\"SUBSCRIBED\"))"),
        new("* LIST () \"/\" \"Foo\" (\"CHILDINFO\" (\"SUBSCRIBED\"))"),
        new("* LIST (\\NonExistent \\Subscribed) \"/\" \"a b\" (\"CHILDINFO\" (\"SUBSCRIBED\"))"),
        new("* LIST () \"/\" \"NewMailbox\" (\"OLDNAME\" (\"OldMailbox\"))"),
        new("* LIST (\\Sent \\HasNoChildren) \"/\" \"Sent Mail\"<CRLF>* LIST (\\Drafts \\Subscribed) \".\" Drafts"),
        new("* LIST () \".\" \"INBOX\"<CRLF>* STATUS \"INBOX\" (MESSAGES 17 UNSEEN 16)<CRLF>* LIST (\\Noselect) \".\" \"bar\""),
        new("* LIST () \"/\" box<CRLF>* STATUS box (UIDNEXT 3 UIDVALIDITY 1795711636 HIGHESTMODSEQ 3)<CRLF>* LIST () \"/\" INBOX<CRLF>* STATUS INBOX (UIDNEXT 1 UIDVALIDITY 1795711635 HIGHESTMODSEQ 1)"),
        new("* STATUS \"a b\" ()"),
        new("* STATUS INBOX (MESSAGES 3 SIZE 1338)"),
        new("* STATUS blurdybloop (MESSAGES 231 UIDNEXT 44292)"),
        new("* NAMESPACE ((\"\" \"/\")) NIL NIL"),
        new("* NAMESPACE ((\"INBOX.\" \".\")) ((\"user.\" \".\")) ((\"\" \".\"))"),
        new("* NAMESPACE ((\"\" \"/\")) ((\"Other Users/\" \"/\")) ((\"Shared Folders/\" \"/\"))"),
        new("* ID (\"name\" \"Dovecot\")"),
    ];

    public static readonly Support.Vector[] E =
    [
        new("* 1 FETCH (RFC822 {5}<CRLF>hello)"),
        new("* 1 FETCH (UID 1 RFC822.SIZE 23 INTERNALDATE \"26-Nov-2026 16:50:16 +0000\" BODY[] {23}<CRLF>Subject: one<CRLF><CRLF>body1<CRLF>)"),
        new("* 1 FETCH (BODY[] {5}<CRLF>a<CRLF>bc)"),
        new("* 39 FETCH (UID 39 BODY[HEADER.FIELDS (REFERENCES)] {2}<CRLF><CRLF>)"),
        new("* 12 FETCH (BODY[HEADER] {342}<CRLF><342 bytes>)"),
        new("* 1 FETCH (UID 1 BODY[]<128> {64}<CRLF><64 bytes>)"),
        new("* 12183 FETCH (UID 2282556735 PREVIEW {3}<CRLF>abc FLAGS (\\Seen))"),
        new("* 12 FETCH (BINARY[1.1] ~{32}<CRLF><32 bytes 0x00..0x1F>)"),
        new("* 1 FETCH (BINARY[2] ~{4}<CRLF><4 bytes> BINARY.SIZE[2] 4)"),
        new("* 1 FETCH (BODY[] {3}<CRLF>1<NUL>3)", Support.Verdict.Reject),
        new("* 1 FETCH (BODY[] NIL)<CRLF>* 1 FETCH (BODY[] \"\")<CRLF>* 1 FETCH (BODY[] {0}<CRLF>)"),
        new("* 12 FETCH (FLAGS (\\Seen) INTERNALDATE \"17-Jul-1996 02:44:25 -0700\" RFC822.SIZE 4286 ENVELOPE (\"Wed, 17 Jul 1996 02:23:25 -0700 (PDT)\" \"IMAP4rev1 WG mtg summary and minutes\" ((\"Terry Gray\" NIL \"gray\" \"cac.washington.edu\")) ((\"Terry Gray\" NIL \"gray\" \"cac.washington.edu\")) ((\"Terry Gray\" NIL \"gray\" \"cac.washington.edu\")) ((NIL NIL \"imap\" \"cac.washington.edu\")) ((NIL NIL \"minutes\" \"CNRI.Reston.VA.US\")(\"John Klensin\" NIL \"KLENSIN\" \"MIT.EDU\")) NIL NIL \"<B27397-0100000@cac.washington.edu>\") BODY (\"TEXT\" \"PLAIN\" (\"CHARSET\" \"US-ASCII\") NIL NIL \"7BIT\" 3028 92))"),
        new("* 1 FETCH (ENVELOPE (NIL \"s\" NIL NIL NIL ((NIL NIL \"undisclosed-recipients\" NIL)(NIL NIL NIL NIL)) NIL NIL NIL NIL))"),
        new("* 1 FETCH (ENVELOPE (NIL NIL ((\"<sender@domain.com>\" NIL \"=?UTF-8?Q?\"Dummy=C3=ADa_Pa=C3=A1ndez_Algo\"?=\" NIL)) NIL NIL NIL NIL NIL NIL NIL))", Support.Verdict.Tolerate, ImapQuirks.UnescapedQuotes),
        new("* 1 FETCH (ENVELOPE (NIL NIL (({38}<CRLF>Рецепция Офис сграда \"Данаил Дечев\" №6 NIL \"facility\" \"x.com\")) NIL NIL NIL NIL NIL NIL NIL))"),
        new("* 1 FETCH (BODYSTRUCTURE (\"multipart\" \"digest\" (\"boundary\" \"ommgDs4vJ6fX2nQAghXj4aUy9wsHMMDb\") NIL NIL \"7BIT\" -1 NIL NIL NIL NIL))"),
        new("* 1 FETCH (BODYSTRUCTURE (\"application\" \"msword\" NIL NIL NIL \"base64\" 50446 NIL (NIL NIL) NIL NIL))"),
        new("* 1 FETCH (BODYSTRUCTURE (\"message\" \"rfc822\" NIL NIL NIL \"7BIT\" 787 (NIL NIL NIL NIL NIL NIL NIL NIL NIL NIL) () 0 NIL NIL NIL))"),
        new("* 1 FETCH (BODYSTRUCTURE ((\"TEXT\" \"PLAIN\" (\"CHARSET\" \"UTF-8\") NIL NIL \"7BIT\" 5 1 NIL NIL NIL NIL)(\"TEXT\" \"HTML\" (\"CHARSET\" \"UTF-8\") NIL NIL \"7BIT\" 12 1 NIL NIL NIL NIL) \"ALTERNATIVE\" (\"boundary\" NIL) NIL NIL NIL))"),
        new("* 1 FETCH (BODYSTRUCTURE (\"TEXT\" \"plain\" NIL NIL \"description\" \"cte\" 123 14 \"AABB\" NIL NIL NIL (1337)))"),
        new("* 3372220415 FETCH (BODYSTRUCTURE ((((((({0}<CRLF> {0}<CRLF> NIL NIL NIL {0}<CRLF> 0 \"FOO\" NIL NIL \"LOCATION\" 1337) \"mixed\") \"mixed\") \"mixed\") \"mixed\") \"mixed\") \"mixed\"))"),
        new("* FLAGS (\\Answered \\Flagged \\Deleted \\Seen \\Draft)"),
        new("* FLAGS (\\Answered \\Flagged \\Deleted \\Seen \\Draft + TAG TAG2 a b c)"),
        new("* FLAGS (\\Answered \\Flagged \\Deleted \\Seen \\Draft $Label1)"),
        new("* 1 FETCH (UID 7 FLAGS (NonJunk $label1 $Forwarded))"),
        new("* 1 FETCH (UID 1 X-GM-LABELS (atom-label \\Important \"quoted label\"))"),
        new("* 0 FETCH (FLAGS (\\Seen))", Support.Verdict.Tolerate, ImapQuirks.ZeroSequenceNumber),
        new("* 11487 FETCH (UID 19436<SP>)", Support.Verdict.Tolerate, ImapQuirks.TrailingSpace),
    ];

    public static readonly Support.Vector[] F =
    [
        new("* 1 FETCH (BODY[] {4294967295}<CRLF>", Support.Verdict.Reject),
        new("* 1 FETCH (BODY[] {4294967296}<CRLF>", Support.Verdict.Reject),
        new("* OK x {42}+<CRLF>* OK x {+42}<CRLF>* OK x {-42}<CRLF>* OK x {42-}"),
        new("* SEARCH 1<LF>* 1 FETCH (BODY[] {3}<LF>abc)<LF>* OK end", Support.Verdict.Tolerate, ImapQuirks.BareLineFeed),
        new("* 1 FETCH (BODY[] {3}<CRLF>abc)<CRLF>* 2 EXISTS"),
        new("* 1 FETCH (BODY[] ~{3}<CRLF>a<NUL>c)"),
    ];

    public static readonly Support.Vector[] G =
    [
        new("* FLAGS (\\Answered \\Flagged \\Deleted \\Seen \\Draft $Label1)<CRLF>* OK [PERMANENTFLAGS (\\Answered \\Flagged \\Deleted \\Seen \\Draft $Label1 \\*)] Flags permitted.<CRLF>* 1 EXISTS<CRLF>* 0 RECENT<CRLF>* OK [UIDVALIDITY 1795711636] UIDs valid<CRLF>* OK [UIDNEXT 3] Predicted next UID<CRLF>* OK [HIGHESTMODSEQ 5] Highest<CRLF>* VANISHED (EARLIER) 2<CRLF>* 1 FETCH (UID 1 FLAGS (\\Seen) MODSEQ (2))<CRLF>u3 OK [READ-WRITE] Select completed (0.001 + 0.000 secs)."),
        new("* 464 EXISTS<CRLF>* 3 RECENT<CRLF>* OK [UIDVALIDITY 3857529045] UIDVALIDITY<CRLF>* OK [UIDNEXT 550] Predicted next UID<CRLF>* OK [HIGHESTMODSEQ 90060128194045007] Highest mailbox<CRLF>* OK [UNSEEN 12] Message 12 is first unseen<CRLF>* FLAGS (\\Answered \\Flagged \\Draft \\Deleted \\Seen)<CRLF>* OK [PERMANENTFLAGS (\\Answered \\Flagged \\Draft)]<CRLF>A02 OK [READ-WRITE] Sorry, UIDVALIDITY mismatch"),
        new("* OK [CLOSED] Previous mailbox closed.<CRLF>u8 NO Mailbox doesn't exist: nosuch (0.001 + 0.000 secs)."),
        new("* VANISHED 1<CRLF>* 0 RECENT<CRLF>u11 OK [HIGHESTMODSEQ 4] Expunge completed (0.001 + 0.000 secs)."),
        new("* VANISHED 924<CRLF>* OK [HIGHESTMODSEQ 1826] Highest<CRLF>* 355 EXISTS"),
        new("* BYE Server shutting down<CRLF>* BYE again"),
    ];

    public static IEnumerable<Support.Vector> All => [.. A, .. B, .. C, .. D, .. E, .. F, .. G];
}
