namespace Imap.Protocol.Client;

/// <summary>
/// One stretch of the connection between two selection changes (SELECT, EXAMINE, UNSELECT, CLOSE), in
/// the order commands were written. Every command belongs to the epoch it was written in; the read
/// loop uses it to give untagged data to the commands and the mailbox model of the right selection.
/// </summary>
internal sealed class SelectionEpoch(long number, SelectedMailbox? mailbox)
{
    /// <summary>Increases by one with each selection change written.</summary>
    public long Number { get; } = number;

    /// <summary>
    /// The mailbox selected in this epoch, or null (none selected, or the SELECT that opened the epoch
    /// failed: RFC 3501 leaves no mailbox selected then). Changed on the read loop only.
    /// </summary>
    public SelectedMailbox? Mailbox { get; set; } = mailbox;
}
