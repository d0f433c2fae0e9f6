namespace Imap.Protocol.Commands;

/// <summary>
/// A command as a value: its arguments, checked when it is made (nothing is sent when one is wrong),
/// the bytes it encodes to, and what it declares about pipelining (<see cref="Pipelining"/>).
/// </summary>
/// <remarks>
/// Classes, not structs: a command lives from the call until its tagged reply inside the pending
/// command that holds it, so a struct would be boxed there anyway.
/// </remarks>
internal abstract class TypedCommand
{
    /// <summary>The command's name in errors and traces, e.g. <c>UID FETCH</c>.</summary>
    public abstract string Name { get; }

    /// <summary>How it shares the connection with the commands in flight.</summary>
    public abstract Pipelining Pipelining { get; }

    /// <summary>The verb(s) and the space before the first argument, e.g. <c>"UID FETCH "u8</c>.</summary>
    protected abstract ReadOnlySpan<byte> Verb { get; }

    /// <summary>Encodes the command (without its tag) for a connection in <paramref name="context"/>.</summary>
    public ImapCommand Encode(EncodingContext context)
    {
        var builder = new ImapCommandBuilder(Name, Verb, context.Literals, context.Utf8Accept);
        WriteArguments(builder);
        return builder.Build(Pipelining);
    }

    /// <summary>Writes what follows the verb.</summary>
    protected virtual void WriteArguments(ImapCommandBuilder builder)
    {
    }
}
