namespace Imap.Protocol.Transport;

/// <summary>
/// Perl <c>exec</c> semantics for a tunnel command: <c>/bin/sh -c</c> when the string has shell
/// metacharacters, otherwise split on whitespace and run directly.
/// </summary>
internal static class TunnelCommandLine
{
    private static readonly System.Buffers.SearchValues<char> s_shellMetacharacters = System.Buffers.SearchValues.Create("$&*(){}[]'\";\\|?<>~`\n");

    public static (string FileName, IReadOnlyList<string> Arguments) Parse(string command)
    {
        if (command.AsSpan().IndexOfAny(s_shellMetacharacters) >= 0)
        {
            return ("/bin/sh", ["-c", command]);
        }
        var words = command.Split((char[]?)null, StringSplitOptions.RemoveEmptyEntries);
        return words.Length == 0
            ? throw new ImapConnectionException("Missing tunnel command")
            : (words[0], words[1..]);
    }
}
