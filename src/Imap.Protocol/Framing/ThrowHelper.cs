using System.Diagnostics.CodeAnalysis;
using System.Runtime.CompilerServices;
using System.Text;
using Imap.Protocol.Model;

namespace Imap.Protocol.Framing;

/// <summary>Non-inlined throw helpers keep hot paths free of exception-building code.</summary>
internal static class ThrowHelper
{
    [DoesNotReturn]
    [MethodImpl(MethodImplOptions.NoInlining)]
    internal static void Limit(string message, long offset) =>
        throw new ImapProtocolException(message, offset, string.Empty);

    [DoesNotReturn]
    [MethodImpl(MethodImplOptions.NoInlining)]
    internal static void Syntax(string message, ReadOnlySpan<byte> input, int position, long baseOffset) =>
        throw new ImapProtocolException(message, baseOffset + position, Snippet(input, position));

    [DoesNotReturn]
    [MethodImpl(MethodImplOptions.NoInlining)]
    internal static T Syntax<T>(string message, ReadOnlySpan<byte> input, int position, long baseOffset) =>
        throw new ImapProtocolException(message, baseOffset + position, Snippet(input, position));

    /// <summary>Up to 40 bytes around <paramref name="position"/>, non-printable bytes escaped.</summary>
    internal static string Snippet(ReadOnlySpan<byte> input, int position)
    {
        var start = Math.Clamp(position - 20, 0, input.Length);
        var end = Math.Clamp(position + 20, start, input.Length);
        var builder = new StringBuilder();
        for (var i = start; i < end; i++)
        {
            var b = input[i];
            if (i == position)
                builder.Append('⟨');
            _ = b switch
            {
                (byte)'\r' => builder.Append("\\r"),
                (byte)'\n' => builder.Append("\\n"),
                (byte)'\\' => builder.Append("\\\\"),
                >= 0x20 and < 0x7f => builder.Append((char)b),
                _ => builder.Append(System.Globalization.CultureInfo.InvariantCulture, $"\\x{b:X2}"),
            };
        }
        return builder.ToString();
    }
}
