namespace Imap.Protocol.Transport;

/// <summary>Byte counts of one connection since it was opened.</summary>
/// <param name="Read">Bytes read from the socket or tunnel (TLS records included).</param>
/// <param name="Written">Bytes written to the socket or tunnel (TLS records included).</param>
/// <param name="PlainRead">Bytes read before DEFLATE decompression is undone; equal to <paramref name="Read"/> without COMPRESS.</param>
/// <param name="PlainWritten">Bytes written before DEFLATE compression; equal to <paramref name="Written"/> without COMPRESS.</param>
public readonly record struct ImapTraffic(long Read, long Written, long PlainRead, long PlainWritten);
