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
        if (messages.Count == 0)
        {
            return new AppendResult(null, []);
        }
        if (messages.Count > 1 && Capabilities.MultiAppend)
        {
            var reply = await _connection.ExecuteAsync(new PendingCommand(Encode(new AppendCommand(mailbox, messages))), cancellationToken).ConfigureAwait(false);
            return ToResult([reply], messages.Count);
        }
        // Every command is made (and its flags checked) before the first APPEND is queued.
        var commands = messages.Select(m => Encode(new AppendCommand(mailbox, [m]))).ToArray();
        var tasks = commands.Select(c => _connection.ExecuteAsync(new PendingCommand(c), cancellationToken)).ToArray();
        var replies = await Task.WhenAll(tasks).ConfigureAwait(false);
        return ToResult(replies, messages.Count);
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
