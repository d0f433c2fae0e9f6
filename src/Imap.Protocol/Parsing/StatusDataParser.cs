using System.Text;
using Imap.Protocol.Model;

namespace Imap.Protocol.Parsing;

/// <summary>Parses untagged STATUS; items may come in any order, unknown ones are skipped.</summary>
internal static class StatusDataParser
{
    internal static MailboxStatusResponse Parse(ref ImapResponseReader reader, ResponseParseContext context)
    {
        reader.ReadSpace();
        var mailbox = ListParser.ReadMailboxName(ref reader, context);
        reader.ReadSpace();
        reader.Expect((byte)'(');
        uint? messages = null, recent = null, unseen = null;
        Uid? uidNext = null;
        UidValidity? uidValidity = null;
        ModSeq? highestModSeq = null;
        ulong? size = null;
        string? mailboxId = null;
        if (reader.Peek() != (byte)')')
        {
            do
            {
                var name = reader.ReadAtom();
                reader.ReadSpace();
                if (Ascii.EqualsIgnoreCase(name, "MESSAGES"u8))
                    messages = reader.ReadNumber();
                else if (Ascii.EqualsIgnoreCase(name, "RECENT"u8))
                    recent = reader.ReadNumber();
                else if (Ascii.EqualsIgnoreCase(name, "UIDNEXT"u8))
                    uidNext = new Uid(reader.ReadNumber());
                else if (Ascii.EqualsIgnoreCase(name, "UIDVALIDITY"u8))
                    uidValidity = new UidValidity(reader.ReadNumber());
                else if (Ascii.EqualsIgnoreCase(name, "UNSEEN"u8))
                    unseen = reader.ReadNumber();
                else if (Ascii.EqualsIgnoreCase(name, "HIGHESTMODSEQ"u8))
                    highestModSeq = new ModSeq(reader.ReadNumber64());
                else if (Ascii.EqualsIgnoreCase(name, "SIZE"u8))
                    size = reader.ReadNumber64();
                else if (Ascii.EqualsIgnoreCase(name, "MAILBOXID"u8))
                {
                    reader.Expect((byte)'(');
                    mailboxId = Encoding.ASCII.GetString(reader.ReadAtom());
                    reader.Expect((byte)')');
                }
                else
                    reader.SkipValue(context.Limits.MaxNesting);
            }
            while (reader.NextListItem());
        }
        reader.ReadListEnd();
        reader.ReadLineEnd();
        return new MailboxStatusResponse(mailbox)
        {
            Messages = messages,
            Recent = recent,
            UidNext = uidNext,
            UidValidity = uidValidity,
            Unseen = unseen,
            HighestModSeq = highestModSeq,
            Size = size,
            MailboxId = mailboxId,
        };
    }
}
