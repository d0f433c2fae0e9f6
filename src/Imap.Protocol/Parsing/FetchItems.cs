using Imap.Protocol.Model;

namespace Imap.Protocol.Parsing;

/// <summary>
/// The items of one FETCH while they are read. <see cref="FetchResponse"/> is init-only (a consumer
/// must not change what the client's other listeners see), so the parser collects them here first.
/// </summary>
internal struct FetchItems
{
    public Uid? Uid;
    public FlagSet? Flags;
    public ModSeq? ModSeq;
    public DateTimeOffset? InternalDate;
    public long? Rfc822Size;
    public List<FetchBodySection>? Bodies;
    public Envelope? Envelope;
    public BodyStructure? BodyStructure;
    public string? EmailId;
    public string? ThreadId;
    public ulong? GmailMessageId;

    public readonly FetchResponse ToResponse(uint sequenceNumber) => new(sequenceNumber)
    {
        Uid = Uid,
        Flags = Flags,
        ModSeq = ModSeq,
        InternalDate = InternalDate,
        Rfc822Size = Rfc822Size,
        Bodies = Bodies is null ? [] : Bodies,
        Envelope = Envelope,
        BodyStructure = BodyStructure,
        EmailId = EmailId,
        ThreadId = ThreadId,
        GmailMessageId = GmailMessageId,
    };
}
