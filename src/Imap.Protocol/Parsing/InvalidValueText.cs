using System.Text;

namespace Imap.Protocol.Parsing;

/// <summary>Keeps a bounded, readable copy of a value the parser could not understand.</summary>
internal static class InvalidValueText
{
    private const int MaxBytes = 4096;

    internal static string From(ReadOnlySpan<byte> raw) =>
        Encoding.UTF8.GetString(raw.Length > MaxBytes ? raw[..MaxBytes] : raw);
}
