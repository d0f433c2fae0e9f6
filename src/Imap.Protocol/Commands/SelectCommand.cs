using Imap.Protocol.Client;
using Imap.Protocol.Model;

namespace Imap.Protocol.Commands;

/// <summary>SELECT, or EXAMINE when read-only, with CONDSTORE or QRESYNC parameters.</summary>
internal sealed class SelectCommand(MailboxName mailbox, SelectOptions options) : TypedCommand
{
    public MailboxName Mailbox { get; } = mailbox ?? throw new ArgumentNullException(nameof(mailbox));

    public SelectOptions Options { get; } = options ?? throw new ArgumentNullException(nameof(options));

    public override string Name => Options.ReadOnly ? "EXAMINE" : "SELECT";

    public override Pipelining Pipelining => Pipelining.SelectionChange;

    protected override ReadOnlySpan<byte> Verb => Options.ReadOnly ? "EXAMINE "u8 : "SELECT "u8;

    protected override void WriteArguments(ImapCommandBuilder builder)
    {
        builder.Mailbox(Mailbox);
        if (Options.QResync is { } q)
        {
            builder.Raw(" (QRESYNC ("u8).Number(q.UidValidity.Value).Space().Number(q.ModSeq.Value);
            if (q.KnownUids is { IsEmpty: false } known)
            {
                builder.Space().Uids(known);
            }
            builder.Raw("))"u8);
        }
        else if (Options.CondStore)
        {
            builder.Raw(" (CONDSTORE)"u8);
        }
    }
}
