namespace Imap.Protocol.Commands;

/// <summary>The connection facts a command's bytes depend on.</summary>
/// <param name="Literals">The server's LITERAL+/LITERAL- policy.</param>
/// <param name="Utf8Accept">UTF8=ACCEPT is enabled: mailbox names and quoted strings go as UTF-8.</param>
internal readonly record struct EncodingContext(ImapLiteralPolicy Literals, bool Utf8Accept)
{
    /// <summary>Synchronizing literals, modified UTF-7 names: what any IMAP4rev1 server takes.</summary>
    public static EncodingContext Plain => new(ImapLiteralPolicy.Synchronizing, Utf8Accept: false);
}
