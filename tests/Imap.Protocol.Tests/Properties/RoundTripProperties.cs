using System.Text;
using FsCheck;
using FsCheck.Xunit;
using Imap.Protocol.Model;
using Imap.Protocol.Tests.Support;

namespace Imap.Protocol.Tests.Properties;

/// <summary>Encode, then parse, gives the value back (FsCheck).</summary>
public class RoundTripProperties
{
    [Property(MaxTest = 300)]
    public void Uid_sets_survive_text_and_wire(uint[] values)
    {
        var uids = values.Where(v => v != 0).Select(v => new Uid(v)).ToList();
        var set = UidSet.FromUids(uids);
        if (set.IsEmpty)
            return;
        var text = set.ToString();
        Assert.Equal(set, UidSet.Parse(text));
        Assert.All(uids, u => Assert.True(set.Contains(u)));
        Assert.Equal(uids.Distinct().LongCount(), set.Count);
        var vanished = Assert.IsType<VanishedResponse>(Responses.ParseFrame(Encoding.ASCII.GetBytes($"* VANISHED {text}\r\n")));
        Assert.Equal(set, vanished.Uids);
        var parts = set.Split(64).ToList();
        Assert.Equal(set, parts.Aggregate(UidSet.Empty, (a, b) => a.Union(b)));
    }

    [Property(MaxTest = 500)]
    public void Mailbox_names_from_any_unicode_survive_modified_utf7(NonNull<string> generated)
    {
        var name = generated.Get;
        if (string.Equals(name, "INBOX", StringComparison.OrdinalIgnoreCase))
            return;
        var mailbox = new MailboxName(name);
        Assert.All(mailbox.Wire, c => Assert.InRange(c, (char)0x20, (char)0x7e));
        Assert.Equal(name, ModifiedUtf7.Decode(mailbox.Wire));
        var list = Assert.IsType<ListResponse>(Responses.ParseFrame(Encoding.ASCII.GetBytes($"* LIST () \"/\" {Quote(mailbox.Wire)}\r\n"), ImapQuirks.None));
        Assert.Equal(name, list.Mailbox.Name);
        Assert.Equal(mailbox.Wire, list.Mailbox.Wire);
    }

    [Property(MaxTest = 500)]
    public void Quoted_strings_survive_escaping(NonNull<string> generated)
    {
        // Quoted strings carry TEXT-CHAR: anything but CR, LF and NUL.
        var text = new string(generated.Get.Where(c => c is not ('\r' or '\n' or '\0') && !char.IsSurrogate(c)).ToArray());
        var frame = Encoding.UTF8.GetBytes($"* ID (\"k\" {Quote(text)})\r\n");
        var id = Assert.IsType<IdResponse>(Responses.ParseFrame(frame, ImapQuirks.None));
        Assert.Equal(text, id["k"]);
    }

    [Property(MaxTest = 300)]
    public void Flag_sets_survive_their_wire_form(bool seen, bool answered, bool flagged, bool deleted, bool draft, PositiveInt[] keywordIds)
    {
        var system = (seen ? SystemFlags.Seen : 0) | (answered ? SystemFlags.Answered : 0) | (flagged ? SystemFlags.Flagged : 0)
            | (deleted ? SystemFlags.Deleted : 0) | (draft ? SystemFlags.Draft : 0);
        var keywords = keywordIds.Select(k => (k.Get % 3) switch { 0 => $"$Label{k.Get}", 1 => $"kw{k.Get}", _ => $"Key+!&'{k.Get}" });
        var flags = new FlagSet(system, keywords);
        var parsed = Assert.IsType<FlagsResponse>(Responses.ParseFrame(Encoding.ASCII.GetBytes($"* FLAGS ({flags})\r\n"), ImapQuirks.None)).Flags;
        Assert.Equal(flags, parsed);
        Assert.Equal(flags.ToString(), parsed.ToString());
    }

    /// <summary>Test-side writer of RFC 3501 quoted strings (the library's writer lives in Commands/).</summary>
    private static string Quote(string value) => "\"" + value.Replace("\\", "\\\\", StringComparison.Ordinal).Replace("\"", "\\\"", StringComparison.Ordinal) + "\"";
}
