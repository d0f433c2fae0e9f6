namespace Imap.Protocol.Client;

/// <summary>
/// Told when the client's read loop starts handing out responses that arrived after it waited for
/// bytes, and when it has handed out everything received and waits again (<see cref="ImapClient.ReplyBursts"/>).
/// The continuations of commands completed in between run on the read loop, so a caller that batches
/// commands of several flows into one flight can tell "every reply of this burst has been seen" from
/// "more replies are on their way". Both run on the read loop: they must be quick and must not throw
/// (an exception ends the connection).
/// </summary>
public interface IReplyBurstObserver
{
    /// <summary>Bytes arrived after a wait: responses are about to be handed out.</summary>
    void BurstStarted();

    /// <summary>Every response received so far was handed out; the read loop waits for more bytes (or ended).</summary>
    void BurstEnded();
}
