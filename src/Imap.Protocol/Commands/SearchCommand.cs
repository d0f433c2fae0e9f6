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

    public override Pipelining Pipelining => Pipelining.Independent;

    protected override ReadOnlySpan<byte> Verb => Esearch ? "UID SEARCH RETURN (ALL) "u8 : "UID SEARCH "u8;

    protected override void WriteArguments(ImapCommandBuilder builder) => builder.Ascii(Criteria);
}
