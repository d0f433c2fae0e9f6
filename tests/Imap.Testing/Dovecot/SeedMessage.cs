using System.Globalization;
using System.Text;

namespace Imap.Testing.Dovecot;

/// <summary>A message to put into a mailbox, with the flags and INTERNALDATE it is appended with.</summary>
/// <param name="Content">The whole RFC 5322 message (CRLF line ends).</param>
public sealed record SeedMessage(byte[] Content)
{
    /// <summary>Flags, e.g. <c>\Seen</c>, <c>$Forwarded</c> (not <c>\Recent</c>).</summary>
    public IReadOnlyCollection<string> Flags { get; init; } = [];

    /// <summary>INTERNALDATE; null lets the server use "now". Use past dates (Dovecot replaces far-future ones).</summary>
    public DateTimeOffset? InternalDate { get; init; }

    /// <summary>A small text message with the given Message-ID (without angle brackets) and subject.</summary>
    public static SeedMessage Simple(string messageId, string subject = "test", string body = "hello")
    {
        var text = string.Create(CultureInfo.InvariantCulture,
            $"From: sender@example.org\r\nTo: rcpt@example.org\r\nSubject: {subject}\r\nMessage-ID: <{messageId}>\r\n" +
            $"Date: Mon, 02 Jan 2023 10:00:00 +0000\r\n\r\n{body}\r\n");
        return new SeedMessage(Encoding.UTF8.GetBytes(text));
    }
}
