using Imap.Protocol.Client;
using Imap.Protocol.Model;

namespace Imap.Protocol.Commands;

/// <summary>STATUS of a mailbox that need not be selected.</summary>
internal sealed class StatusCommand(MailboxName mailbox, StatusItems items) : TypedCommand
{
    public MailboxName Mailbox { get; } = mailbox ?? throw new ArgumentNullException(nameof(mailbox));

    public StatusItems Items { get; } = items;

    public override string Name => "STATUS";

    /// <summary>Two STATUS of one mailbox are never in flight together: their answers name the mailbox, not the command.</summary>
    public override Pipelining Pipelining => Pipelining.Answering(UntaggedAnswers.Status(Mailbox));

    protected override ReadOnlySpan<byte> Verb => "STATUS "u8;

    /// <summary>The status data items' names, space separated (also for LIST's RETURN (STATUS (…))).</summary>
    internal static string ItemNames(StatusItems items)
    {
        var names = new List<string>();
        if (items.HasFlag(StatusItems.Messages)) names.Add("MESSAGES");
        if (items.HasFlag(StatusItems.Recent)) names.Add("RECENT");
        if (items.HasFlag(StatusItems.UidNext)) names.Add("UIDNEXT");
        if (items.HasFlag(StatusItems.UidValidity)) names.Add("UIDVALIDITY");
        if (items.HasFlag(StatusItems.Unseen)) names.Add("UNSEEN");
        if (items.HasFlag(StatusItems.HighestModSeq)) names.Add("HIGHESTMODSEQ");
        if (items.HasFlag(StatusItems.Size)) names.Add("SIZE");
        if (items.HasFlag(StatusItems.MailboxId)) names.Add("MAILBOXID");
        return string.Join(' ', names);
    }

    protected override void WriteArguments(ImapCommandBuilder builder) =>
        builder.Mailbox(Mailbox).Raw(" ("u8).Ascii(ItemNames(Items)).Raw(")"u8);
}
