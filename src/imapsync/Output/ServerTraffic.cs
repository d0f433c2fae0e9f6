using System.Globalization;

namespace ImapSync.Cli.Output;

/// <summary>
/// Bytes exchanged with one server: on the wire (above TLS) and, when COMPRESS=DEFLATE is on, before
/// compression ("plain"); equal when not compressed.
/// </summary>
internal sealed record ServerTraffic(long Received, long Sent, long PlainReceived, long PlainSent)
{
    public static readonly ServerTraffic None = new(0, 0, 0, 0);

    public bool IsEmpty => Received == 0 && Sent == 0;

    public bool IsCompressed => PlainReceived != Received || PlainSent != Sent;

    public ServerTraffic Plus(ServerTraffic other) =>
        new(Received + other.Received, Sent + other.Sent, PlainReceived + other.PlainReceived, PlainSent + other.PlainSent);

    public ServerTraffic Minus(ServerTraffic other) =>
        new(Received - other.Received, Sent - other.Sent, PlainReceived - other.PlainReceived, PlainSent - other.PlainSent);

    /// <summary>InterIMAP's wording: <c>IMAP traffic (bytes): recv X sent Y</c>, with <c>(compr. RAW, factor F)</c> after each figure when compressed.</summary>
    public string Describe() => IsCompressed
        ? $"IMAP traffic (bytes): recv {ByteSize.Format(Received)} {Compression(Received, PlainReceived)} sent {ByteSize.Format(Sent)} {Compression(Sent, PlainSent)}"
        : $"IMAP traffic (bytes): recv {ByteSize.Format(Received)} sent {ByteSize.Format(Sent)}";

    private static string Compression(long wire, long plain) => string.Create(CultureInfo.InvariantCulture,
        $"(compr. {ByteSize.Format(plain)}, factor {(plain == 0 ? 1.0 : (double)wire / plain):0.00})");
}
