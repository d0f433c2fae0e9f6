using Imap.Protocol.Model;

namespace Imap.Protocol.Commands;

/// <summary>
/// UID COPY, or UID MOVE (RFC 6851). Pipelined freely: the server keeps it in order with the commands
/// around it, and its answers (COPYUID, expunges) cannot be taken for a FETCH's.
/// </summary>
internal sealed class UidCopyCommand(UidSet uids, MailboxName destination, bool move) : TypedCommand
{
    public UidSet Uids { get; } = uids ?? throw new ArgumentNullException(nameof(uids));

    public MailboxName Destination { get; } = destination ?? throw new ArgumentNullException(nameof(destination));

    public bool Move { get; } = move;

    public override string Name => Move ? "UID MOVE" : "UID COPY";

    public override Pipelining Pipelining => Pipelining.Independent;

    protected override ReadOnlySpan<byte> Verb => Move ? "UID MOVE "u8 : "UID COPY "u8;

    protected override void WriteArguments(ImapCommandBuilder builder) => builder.Uids(Uids).Space().Mailbox(Destination);
}
