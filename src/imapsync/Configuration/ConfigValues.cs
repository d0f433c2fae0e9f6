namespace ImapSync.Cli.Configuration;

/// <summary>Checks shared by several keys. Each returns a problem description, or null when the value is fine.</summary>
internal static class ConfigValues
{
    public static bool HasControlCharacter(string value) => value.Any(c => c < ' ' || c == '\x7f');

    /// <summary>InterIMAP's TEXT-CHAR: ASCII 0x01-0x7F except CR and LF.</summary>
    public static bool IsTextChars(string value) => value.All(c => c is >= '\x01' and <= '\x7f' and not '\r' and not '\n');

    public static bool IsAtom(string value) =>
        value.Length > 0 && value.All(c => c > ' ' && c < '\x7f' && "(){%*\"\\]".IndexOf(c, StringComparison.Ordinal) < 0);

    public static bool? ParseBoolean(string value) =>
        value.Equals("YES", StringComparison.OrdinalIgnoreCase) ? true
        : value.Equals("NO", StringComparison.OrdinalIgnoreCase) ? false
        : null;
}
