using Imap.Protocol.Model;

namespace Imap.Protocol.Parsing;

/// <summary>Parses ENVELOPE. A malformed envelope becomes an invalid <see cref="Envelope"/>, not a failure.</summary>
internal static class EnvelopeParser
{
    internal static Envelope Read(ref ImapResponseReader reader, int maxNesting)
    {
        var saved = reader;
        try
        {
            return ReadStrict(ref reader);
        }
        catch (ImapProtocolException)
        {
            reader = saved;
            var start = reader.Position;
            reader.SkipValue(maxNesting);
            return new Envelope { IsValid = false, RawText = InvalidValueText.From(reader.Frame[start..reader.Position]) };
        }
    }

    /// <summary>Parses a well-formed envelope; throws on anything else.</summary>
    internal static Envelope ReadStrict(ref ImapResponseReader reader)
    {
        reader.Expect((byte)'(');
        var date = reader.ReadNString().ToStringOrNull();
        reader.ReadSpace();
        var subject = reader.ReadNString().ToStringOrNull();
        reader.ReadSpace();
        var from = ReadAddresses(ref reader);
        reader.ReadSpace();
        var sender = ReadAddresses(ref reader);
        reader.ReadSpace();
        var replyTo = ReadAddresses(ref reader);
        reader.ReadSpace();
        var to = ReadAddresses(ref reader);
        reader.ReadSpace();
        var cc = ReadAddresses(ref reader);
        reader.ReadSpace();
        var bcc = ReadAddresses(ref reader);
        reader.ReadSpace();
        var inReplyTo = reader.ReadNString().ToStringOrNull();
        reader.ReadSpace();
        var messageId = reader.ReadNString().ToStringOrNull();
        reader.ReadListEnd();
        return new Envelope
        {
            Date = date,
            Subject = subject,
            From = from,
            Sender = sender,
            ReplyTo = replyTo,
            To = to,
            Cc = cc,
            Bcc = bcc,
            InReplyTo = inReplyTo,
            MessageId = messageId,
        };
    }

    private static List<EnvelopeAddress> ReadAddresses(ref ImapResponseReader reader)
    {
        if (reader.TryReadNil())
            return [];
        reader.Expect((byte)'(');
        var addresses = new List<EnvelopeAddress>();
        do
        {
            reader.Expect((byte)'(');
            var name = reader.ReadNString().ToStringOrNull();
            reader.ReadSpace();
            var route = reader.ReadNString().ToStringOrNull();
            reader.ReadSpace();
            var mailbox = reader.ReadNString().ToStringOrNull();
            reader.ReadSpace();
            var host = reader.ReadNString().ToStringOrNull();
            reader.ReadListEnd();
            addresses.Add(new EnvelopeAddress(name, route, mailbox, host));
            // Addresses follow each other without SP; some servers add one anyway.
            if (reader.Peek() == (byte)' ' && reader.PeekAt(1) == (byte)'(')
                reader.ReadSpace();
        }
        while (reader.Peek() == (byte)'(');
        reader.ReadListEnd();
        return addresses;
    }
}
