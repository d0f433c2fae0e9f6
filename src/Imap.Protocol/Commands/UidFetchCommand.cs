using Imap.Protocol.Client;
using Imap.Protocol.Model;

namespace Imap.Protocol.Commands;

/// <summary>
/// UID FETCH of one chunk of UIDs. It receives the FETCH data of its messages, and changes their flags
/// when it fetches a body without .PEEK (the server sets \Seen).
/// </summary>
internal sealed class UidFetchCommand : TypedCommand
{
    public UidFetchCommand(UidSet uids, FetchRequest request)
    {
        ArgumentNullException.ThrowIfNull(uids);
        ArgumentNullException.ThrowIfNull(request);
        Uids = uids;
        Request = request;
    }

    public UidSet Uids { get; }

    public FetchRequest Request { get; }

    public override string Name => "UID FETCH";

    public override Pipelining Pipelining =>
        Pipelining.OnMessages(Uids, changesFlags: Request.SetsSeen, reportsVanished: Request.Vanished && Request.ChangedSince is not null);

    protected override ReadOnlySpan<byte> Verb => "UID FETCH "u8;

    protected override void WriteArguments(ImapCommandBuilder builder)
    {
        var request = Request;
        builder.Uids(Uids).Raw(" (UID"u8);
        if (request.Flags) builder.Raw(" FLAGS"u8);
        if (request.ModSeq) builder.Raw(" MODSEQ"u8);
        if (request.InternalDate) builder.Raw(" INTERNALDATE"u8);
        if (request.Size) builder.Raw(" RFC822.SIZE"u8);
        if (request.Envelope) builder.Raw(" ENVELOPE"u8);
        if (request.BodyStructure) builder.Raw(" BODYSTRUCTURE"u8);
        if (request.ObjectIds) builder.Raw(" EMAILID THREADID"u8);
        if (request.GmailMessageId) builder.Raw(" X-GM-MSGID"u8);
        foreach (var item in request.BodyItems)
        {
            builder.Space().Ascii(item);
        }
        builder.Raw(")"u8);
        if (request.ChangedSince is { } since)
        {
            builder.Raw(" (CHANGEDSINCE "u8).Number(since.Value);
            if (request.Vanished)
            {
                builder.Raw(" VANISHED"u8);
            }
            builder.Raw(")"u8);
        }
    }
}
