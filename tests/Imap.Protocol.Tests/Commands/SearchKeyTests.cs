using System.Text;
using FsCheck;
using FsCheck.Xunit;
using Imap.Protocol.Commands;
using Imap.Protocol.Model;
using Imap.Protocol.Parsing;

namespace Imap.Protocol.Tests.Commands;

/// <summary>
/// Typed search keys without a socket: the bytes each one encodes to in a UID SEARCH, what is refused
/// when the key is made, and strings that come back unchanged through our own parser.
/// </summary>
public class SearchKeyTests
{
    private static readonly UidSet s_uids = UidSet.Parse("1:3,7");

    private static readonly Dictionary<string, (Func<SearchKey> Make, string Criteria)> s_cases = new()
    {
        ["all"] = (() => SearchKey.All, "ALL"),
        ["uid"] = (() => SearchKey.Uid(s_uids), "UID 1:3,7"),
        ["uid all"] = (() => SearchKey.Uid(UidSet.All), "UID 1:*"),
        ["uid from"] = (() => SearchKey.UidFrom(new Uid(100)), "UID 100:*"),
        ["modseq"] = (() => SearchKey.ModSeqAtLeast(new ModSeq(9000)), "MODSEQ 9000"),
        ["seen"] = (() => SearchKey.HasFlag(ImapFlag.Seen), "SEEN"),
        ["unseen"] = (() => SearchKey.LacksFlag(ImapFlag.Seen), "UNSEEN"),
        ["answered"] = (() => SearchKey.HasFlag(ImapFlag.Answered), "ANSWERED"),
        ["undeleted"] = (() => SearchKey.LacksFlag(ImapFlag.Deleted), "UNDELETED"),
        ["flagged"] = (() => SearchKey.HasFlag(new ImapFlag("\\FLAGGED")), "FLAGGED"),
        ["undraft"] = (() => SearchKey.LacksFlag(ImapFlag.Draft), "UNDRAFT"),
        ["recent"] = (() => SearchKey.HasFlag(ImapFlag.Recent), "RECENT"),
        ["old"] = (() => SearchKey.LacksFlag(ImapFlag.Recent), "OLD"),
        ["keyword"] = (() => SearchKey.HasFlag(ImapFlag.Keyword("$Forwarded")), "KEYWORD $Forwarded"),
        ["unkeyword"] = (() => SearchKey.LacksFlag(ImapFlag.Keyword("NonJunk")), "UNKEYWORD NonJunk"),
        ["header"] = (() => SearchKey.Header("Message-ID", "<a.b@example.org>"), "HEADER Message-ID <a.b@example.org>"),
        ["header present"] = (() => SearchKey.Header("X-Sync", ""), "HEADER X-Sync \"\""),
        ["subject"] = (() => SearchKey.Subject("Re: \"hi\""), "SUBJECT \"Re: \\\"hi\\\"\""),
        ["from"] = (() => SearchKey.From("alice"), "FROM alice"),
        ["text"] = (() => SearchKey.Text("two words"), "TEXT \"two words\""),
        ["since"] = (() => SearchKey.Since(new DateOnly(2024, 2, 1)), "SINCE 1-Feb-2024"),
        ["before"] = (() => SearchKey.Before(new DateOnly(2023, 12, 31)), "BEFORE 31-Dec-2023"),
        ["sent since"] = (() => SearchKey.SentSince(new DateOnly(2024, 7, 9)), "SENTSINCE 9-Jul-2024"),
        ["sent before"] = (() => SearchKey.SentBefore(new DateOnly(2024, 7, 10)), "SENTBEFORE 10-Jul-2024"),
        ["larger"] = (() => SearchKey.Larger(1000), "LARGER 1000"),
        ["smaller"] = (() => SearchKey.Smaller(20), "SMALLER 20"),
        ["not"] = (() => SearchKey.Not(SearchKey.HasFlag(ImapFlag.Seen)), "NOT SEEN"),
        ["or"] = (() => SearchKey.Or(SearchKey.Uid(UidSet.Parse("1")), SearchKey.HasFlag(ImapFlag.Flagged)), "OR UID 1 FLAGGED"),
        ["and"] = (() => SearchKey.And(SearchKey.Uid(s_uids), SearchKey.LacksFlag(ImapFlag.Seen), SearchKey.ModSeqAtLeast(new ModSeq(5))), "(UID 1:3,7 UNSEEN MODSEQ 5)"),
        ["and of one"] = (() => SearchKey.And(SearchKey.All), "ALL"),
        ["nested"] = (() => SearchKey.Not(SearchKey.Or(SearchKey.And(SearchKey.HasFlag(ImapFlag.Seen), SearchKey.Larger(5)), SearchKey.All)),
            "NOT OR (SEEN LARGER 5) ALL"),
    };

    public static TheoryData<string> Cases => [.. s_cases.Keys];

    [Theory]
    [MemberData(nameof(Cases))]
    public void Each_key_encodes_to_its_criteria(string id)
    {
        var (make, criteria) = s_cases[id];

        Assert.Equal("UID SEARCH " + criteria + "\r\n", Single(new SearchCommand(make(), esearch: false).Encode(EncodingContext.Plain)));
        Assert.Equal("UID SEARCH RETURN (ALL) " + criteria + "\r\n", Single(new SearchCommand(make(), esearch: true).Encode(EncodingContext.Plain)));
        Assert.Equal(criteria, make().ToString());
    }

    [Fact]
    public void Non_ascii_text_is_sent_as_utf8_with_its_charset_or_quoted_once_utf8_is_accepted()
    {
        var key = SearchKey.And(SearchKey.HasFlag(ImapFlag.Seen), SearchKey.Subject("Müller"));
        Assert.True(key.NeedsUtf8);

        var plain = new SearchCommand(key, esearch: true).Encode(EncodingContext.Plain);
        Assert.Equal(["UID SEARCH RETURN (ALL) CHARSET UTF-8 (SEEN SUBJECT {7}\r\n", ")\r\n"], plain.Segments.Select(s => Encoding.ASCII.GetString(s.Line.Span)));
        Assert.Equal(7, plain.Segments[0].Literal!.Length);
        Assert.True(plain.Segments[0].Synchronizing);

        var utf8 = new SearchCommand(key, esearch: false).Encode(new EncodingContext(ImapLiteralPolicy.Synchronizing, Utf8Accept: true));
        Assert.Equal("UID SEARCH (SEEN SUBJECT \"Müller\")\r\n", Single(utf8));
        Assert.False(SearchKey.Subject("Muller").NeedsUtf8);
    }

    [Fact]
    public void A_line_break_in_a_string_goes_in_a_literal_and_never_ends_the_command()
    {
        var command = new SearchCommand(SearchKey.Subject("a\r\nA1 DELETE INBOX"), esearch: false)
            .Encode(new EncodingContext(new ImapLiteralPolicy(literalPlus: true, literalMinus: false), Utf8Accept: false));

        Assert.Equal(["UID SEARCH SUBJECT {18+}\r\n", "\r\n"], command.Segments.Select(s => Encoding.ASCII.GetString(s.Line.Span)));
        Assert.Equal(18, command.Segments[0].Literal!.Length);
    }

    [Fact]
    public void Keys_that_cannot_be_sent_are_refused_when_made()
    {
        Assert.Throws<ArgumentException>(() => SearchKey.Uid(UidSet.Empty));
        Assert.Throws<ArgumentException>(() => SearchKey.HasFlag(new ImapFlag("a b")));
        Assert.Throws<ArgumentException>(() => SearchKey.LacksFlag(new ImapFlag("$x)")));
        Assert.Throws<ArgumentException>(() => SearchKey.HasFlag(default));
        Assert.Throws<ArgumentException>(() => SearchKey.HasFlag(new ImapFlag("\\Unknown")));
        Assert.Throws<ArgumentException>(() => SearchKey.Header("", "x"));
        Assert.Throws<ArgumentException>(() => SearchKey.Header("X-A: b", "x"));
        Assert.Throws<ArgumentException>(() => SearchKey.Header("X-A\r\n", "x"));
        Assert.Throws<ArgumentException>(() => SearchKey.Subject("a\0b"));
        Assert.Throws<ArgumentException>(() => SearchKey.Header("X-A", "a\0b"));
        Assert.Throws<ArgumentException>(() => SearchKey.And());
        Assert.Throws<ArgumentNullException>(() => SearchKey.Not(null!));
        Assert.Throws<ArgumentNullException>(() => SearchKey.Or(SearchKey.All, null!));
    }

    [Property(MaxTest = 300)]
    public bool Header_values_come_back_through_our_parser(string? value, bool utf8Accept)
    {
        // CR, LF and NUL go in a literal (see above); everything else stays on the line as an atom or a quoted string.
        var text = new string([.. (value ?? "").Where(c => c is not ('\0' or '\r' or '\n') && !char.IsSurrogate(c) && (utf8Accept || c < 0x80))]);
        var command = new SearchCommand(SearchKey.Header("X-Test", text), esearch: false)
            .Encode(new EncodingContext(ImapLiteralPolicy.Synchronizing, utf8Accept));
        var line = Encoding.UTF8.GetBytes(Single(command))["UID SEARCH HEADER X-Test ".Length..];
        var reader = new ImapResponseReader(line);
        return reader.ReadAString().ToString() == text;
    }

    /// <summary>The command's only line (no literal), with its CRLF.</summary>
    private static string Single(ImapCommand command) => Encoding.UTF8.GetString(Assert.Single(command.Segments).Line.Span);
}
