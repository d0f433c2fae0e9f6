using System.Text;

namespace Imap.Sync.Engine;

/// <summary>Finds the Message-ID header value in a message's header (unfolded, trimmed).</summary>
internal static class MessageIdReader
{
    private static readonly byte[] Name = "message-id:"u8.ToArray();

    public static string? Find(ReadOnlySpan<byte> message)
    {
        var position = 0;
        while (position < message.Length)
        {
            var lineEnd = message[position..].IndexOf((byte)'\n');
            var line = lineEnd < 0 ? message[position..] : message.Slice(position, lineEnd);
            var next = lineEnd < 0 ? message.Length : position + lineEnd + 1;
            if (line.TrimEnd((byte)'\r').IsEmpty)
            {
                return null; // end of header
            }

            if (line.Length >= Name.Length && Ascii.EqualsIgnoreCase(line[..Name.Length], Name))
            {
                var value = new StringBuilder(Encoding.ASCII.GetString(line[Name.Length..].TrimEnd((byte)'\r')));
                // Folded continuation lines start with a blank.
                while (next < message.Length && (message[next] == (byte)' ' || message[next] == (byte)'\t'))
                {
                    var end = message[next..].IndexOf((byte)'\n');
                    var cont = end < 0 ? message[next..] : message.Slice(next, end);
                    value.Append(Encoding.ASCII.GetString(cont.TrimEnd((byte)'\r')));
                    next = end < 0 ? message.Length : next + end + 1;
                }

                var text = value.ToString().Trim();
                return text.Length == 0 ? null : text;
            }

            position = next;
        }

        return null;
    }
}
