using System.Globalization;
using Imap.Protocol.Commands;
using Imap.Protocol.Model;

namespace Imap.Protocol.Client;

public sealed partial class ImapClient
{
    /// <summary>APPEND one message; bodies are streamed, never buffered whole.</summary>
    /// <exception cref="ArgumentException">A flag is neither a system flag (<c>\Seen</c>) nor a keyword atom; nothing is sent.</exception>
    [System.Diagnostics.CodeAnalysis.SuppressMessage("ApiDesign", "RS0026", Justification = "One message or a list; the only optional parameter is the cancellation token, so no call is ambiguous.")]
    public Task<AppendResult> AppendAsync(MailboxName mailbox, AppendMessage message, CancellationToken cancellationToken = default) =>
        AppendAsync(mailbox, [message], cancellationToken);

    /// <summary>
    /// APPEND several messages: one MULTIAPPEND command when the server offers it (atomic), else one
    /// APPEND per message, pipelined (on failure some may have been appended). UIDs come from APPENDUID,
    /// and only when they line up one per message (see <see cref="AppendResult"/>).
    /// </summary>
    [System.Diagnostics.CodeAnalysis.SuppressMessage("ApiDesign", "RS0026", Justification = "One message or a list; the only optional parameter is the cancellation token, so no call is ambiguous.")]
    public async Task<AppendResult> AppendAsync(MailboxName mailbox, IReadOnlyList<AppendMessage> messages, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(mailbox);
        ArgumentNullException.ThrowIfNull(messages);
        foreach (var message in messages)
        {
            ImapWire.CheckFlags(message.Flags, nameof(messages)); // before any APPEND is queued
        }
        if (messages.Count == 0)
        {
            return new AppendResult(null, []);
        }
        if (messages.Count > 1 && Capabilities.MultiAppend)
        {
            var reply = await _connection.ExecuteAsync(new PendingCommand(BuildAppend(mailbox, messages)), cancellationToken).ConfigureAwait(false);
            return ToResult([reply], messages.Count);
        }
        var tasks = messages.Select(m => _connection.ExecuteAsync(new PendingCommand(BuildAppend(mailbox, [m])), cancellationToken)).ToArray();
        var replies = await Task.WhenAll(tasks).ConfigureAwait(false);
        return ToResult(replies, messages.Count);
    }

    private ImapCommand BuildAppend(MailboxName mailbox, IEnumerable<AppendMessage> messages)
    {
        var builder = Mailbox(Command("APPEND", "APPEND "u8), mailbox);
        foreach (var message in messages)
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
        return builder.Build();
    }

    /// <summary>RFC 3501 date-time: <c>dd-MMM-yyyy HH:mm:ss +zzzz</c>.</summary>
    internal static string FormatInternalDate(DateTimeOffset date)
    {
        var offset = date.Offset;
        var sign = offset < TimeSpan.Zero ? '-' : '+';
        offset = offset.Duration();
        return date.ToString("dd-MMM-yyyy HH:mm:ss ", CultureInfo.InvariantCulture)
            + sign + offset.Hours.ToString("D2", CultureInfo.InvariantCulture) + offset.Minutes.ToString("D2", CultureInfo.InvariantCulture);
    }

    /// <summary>
    /// The APPENDUID UIDs only when they line up with the messages: one MULTIAPPEND reply with exactly
    /// one UID per message, or pipelined single APPENDs each with exactly one UID, all of one
    /// UIDVALIDITY. Anything else (no APPENDUID, a set of the wrong size, one reply with two UIDs and
    /// the next with none) would pair messages with other messages' UIDs, so it gives no UIDs at all;
    /// a huge set is never expanded.
    /// </summary>
    private static AppendResult ToResult(StatusResponse[] replies, int messageCount)
    {
        var perReply = replies.Length == 1 ? messageCount : 1;
        UidValidity? validity = null;
        var uids = new List<Uid>(messageCount);
        foreach (var reply in replies)
        {
            if (reply.Code is not { Kind: ResponseCodeKind.AppendUid, AppendedUids: { } set } code
                || set.Count != perReply
                || (validity is { } v && code.UidValidity != v))
            {
                return new AppendResult(null, []);
            }

            validity = code.UidValidity;
            uids.AddRange(set);
        }
        return new AppendResult(validity, uids);
    }
}
