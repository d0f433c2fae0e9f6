namespace Imap.Protocol.Commands;

/// <summary>
/// A piece of a command: line bytes, then optionally a literal. When <see cref="Synchronizing"/> is set,
/// the line (which ends with <c>{n}</c> CRLF) is flushed and the literal waits for the server's "+".
/// </summary>
/// <param name="Line">Bytes up to and including the literal header's CRLF, or the final CRLF.</param>
/// <param name="Literal">The literal after the line, or null for the last segment.</param>
/// <param name="Synchronizing">True when the server must answer "+" before the literal is sent.</param>
internal sealed record ImapCommandSegment(ReadOnlyMemory<byte> Line, ImapLiteral? Literal, bool Synchronizing);
