namespace Imap.Protocol.Commands;

/// <summary>UID SEARCH with raw criteria, with RETURN (ALL) when the server offers ESEARCH.</summary>
internal sealed class SearchCommand : TypedCommand
{
    public SearchCommand(string criteria, bool esearch)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(criteria);
        Criteria = criteria;
        Esearch = esearch;
    }

    public string Criteria { get; }

    public bool Esearch { get; }

    public override string Name => "UID SEARCH";

    /// <summary>Plain SEARCH answers are not tied to their command, so two are never in flight in one selection; ESEARCH ones carry the tag.</summary>
    public override Pipelining Pipelining => Pipelining.Answering(Esearch ? UntaggedAnswers.TaggedSearch : UntaggedAnswers.PlainSearch);

    protected override ReadOnlySpan<byte> Verb => Esearch ? "UID SEARCH RETURN (ALL) "u8 : "UID SEARCH "u8;

    protected override void WriteArguments(ImapCommandBuilder builder) => builder.Ascii(Criteria);
}
