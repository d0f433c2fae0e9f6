using Imap.Protocol.Model;

namespace Imap.Protocol.Commands;

/// <summary>
/// UID SEARCH of typed criteria, with RETURN (ALL) when the server offers ESEARCH, and CHARSET UTF-8 when
/// a string is not ASCII (unless UTF8=ACCEPT is enabled, where strings are UTF-8 already).
/// </summary>
internal sealed class SearchCommand(SearchKey criteria, bool esearch) : TypedCommand
{
    public SearchKey Criteria { get; } = criteria ?? throw new ArgumentNullException(nameof(criteria));

    public bool Esearch { get; } = esearch;

    public override string Name => "UID SEARCH";

    /// <summary>Plain SEARCH answers are not tied to their command, so two are never in flight in one selection; ESEARCH ones carry the tag.</summary>
    public override Pipelining Pipelining => Pipelining.Answering(Esearch ? UntaggedAnswers.TaggedSearch : UntaggedAnswers.PlainSearch);

    protected override ReadOnlySpan<byte> Verb => Esearch ? "UID SEARCH RETURN (ALL) "u8 : "UID SEARCH "u8;

    protected override void WriteArguments(ImapCommandBuilder builder)
    {
        if (Criteria.NeedsUtf8 && !builder.Utf8Quoted)
        {
            builder.Raw("CHARSET UTF-8 "u8);
        }
        Criteria.WriteTo(builder);
    }
}
