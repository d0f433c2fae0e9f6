namespace Imap.Protocol.Commands;

/// <summary>
/// NOTIFY SET with an event specification (RFC 5465), or NOTIFY NONE. It changes what the server
/// sends unasked on this connection, so it runs alone.
/// </summary>
/// <param name="events">The raw specification, e.g. <c>(SELECTED (MessageNew (UID FLAGS)))</c>; null for NONE.</param>
internal sealed class NotifyCommand(string? events) : TypedCommand
{
    public string? Events { get; } = events;

    public override string Name => "NOTIFY";

    public override Pipelining Pipelining => Pipelining.Barrier;

    protected override ReadOnlySpan<byte> Verb => Events is null ? "NOTIFY NONE"u8 : "NOTIFY SET "u8;

    protected override void WriteArguments(ImapCommandBuilder builder)
    {
        if (Events is not null)
        {
            builder.Ascii(Events);
        }
    }
}
