using System.Globalization;
using Imap.Protocol.Client;
using Imap.Protocol.Model;

namespace Imap.Protocol.Commands;

/// <summary>
/// APPEND of one message, or of several in one MULTIAPPEND command (RFC 3502). Bodies are literals,
/// streamed when written; the literal policy may make a large one synchronizing so the server can
/// refuse it before it is sent.
/// </summary>
internal sealed class AppendCommand : TypedCommand
{
    /// <exception cref="ArgumentException">A flag could not be sent as one (see <see cref="ImapWire.IsFlag"/>).</exception>
    public AppendCommand(MailboxName mailbox, IReadOnlyList<AppendMessage> messages)
    {
        ArgumentNullException.ThrowIfNull(mailbox);
        ArgumentNullException.ThrowIfNull(messages);
        foreach (var message in messages)
        {
            ImapWire.CheckFlags(message.Flags, nameof(messages));
        }
        Mailbox = mailbox;
        Messages = messages;
    }

    public MailboxName Mailbox { get; }

    public IReadOnlyList<AppendMessage> Messages { get; }

    public override string Name => "APPEND";

    public override Pipelining Pipelining => Pipelining.Independent;

    protected override ReadOnlySpan<byte> Verb => "APPEND "u8;

    /// <summary>RFC 3501 date-time: <c>dd-MMM-yyyy HH:mm:ss +zzzz</c>.</summary>
    internal static string FormatInternalDate(DateTimeOffset date)
    {
        var offset = date.Offset;
        var sign = offset < TimeSpan.Zero ? '-' : '+';
        offset = offset.Duration();
        return date.ToString("dd-MMM-yyyy HH:mm:ss ", CultureInfo.InvariantCulture)
            + sign + offset.Hours.ToString("D2", CultureInfo.InvariantCulture) + offset.Minutes.ToString("D2", CultureInfo.InvariantCulture);
    }

    protected override void WriteArguments(ImapCommandBuilder builder)
    {
        builder.Mailbox(Mailbox);
        foreach (var message in Messages)
        {
            builder.Space();
            if (message.Flags.Count > 0)
            {
                builder.FlagList(message.Flags).Space();
            }
            if (message.InternalDate is { } date)
            {
                builder.Raw("\""u8).Ascii(FormatInternalDate(date)).Raw("\" "u8);
            }
            builder.Literal(message.Content, isMessageBody: true);
        }
    }
}
