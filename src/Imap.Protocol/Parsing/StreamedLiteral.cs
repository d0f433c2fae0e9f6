namespace Imap.Protocol.Parsing;

/// <summary>A literal whose payload was removed from the frame because it went to a body sink.</summary>
/// <param name="Position">Offset in the frame just after the announcement's line end.</param>
/// <param name="Length">The payload length.</param>
internal readonly record struct StreamedLiteral(int Position, long Length);
