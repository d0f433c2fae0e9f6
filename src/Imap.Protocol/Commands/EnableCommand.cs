namespace Imap.Protocol.Commands;

/// <summary>ENABLE (RFC 5161): changes how the server talks on this connection, so it runs alone.</summary>
internal sealed class EnableCommand : TypedCommand
{
    /// <exception cref="ArgumentException">An extension name is not an atom.</exception>
    public EnableCommand(IEnumerable<string> extensions)
    {
        ArgumentNullException.ThrowIfNull(extensions);
        Extensions = [.. extensions];
        foreach (var extension in Extensions)
        {
            if (!ImapWire.IsAtom(extension))
            {
                throw new ArgumentException($"Not an IMAP atom: {extension}", nameof(extensions));
            }
        }
    }

    public IReadOnlyList<string> Extensions { get; }

    public override string Name => "ENABLE";

    public override Pipelining Pipelining => Pipelining.Barrier;

    protected override ReadOnlySpan<byte> Verb => "ENABLE"u8;

    protected override void WriteArguments(ImapCommandBuilder builder)
    {
        foreach (var extension in Extensions)
        {
            builder.Space().Atom(extension);
        }
    }
}
