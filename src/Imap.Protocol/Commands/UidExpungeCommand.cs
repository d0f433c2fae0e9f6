using Imap.Protocol.Model;

namespace Imap.Protocol.Commands;

/// <summary>
/// UID EXPUNGE (UIDPLUS). Pipelined freely: the server keeps it in order with the commands around it
/// (RFC 3501 section 5.5), and its EXPUNGE/VANISHED data goes to the selection's model, not to a command.
/// </summary>
internal sealed class UidExpungeCommand(UidSet uids) : TypedCommand
{
    public UidSet Uids { get; } = uids ?? throw new ArgumentNullException(nameof(uids));

    public override string Name => "UID EXPUNGE";

    public override Pipelining Pipelining => Pipelining.Independent;

    protected override ReadOnlySpan<byte> Verb => "UID EXPUNGE "u8;

    protected override void WriteArguments(ImapCommandBuilder builder) => builder.Uids(Uids);
}
