namespace Imap.Sync.Engine;

/// <summary>
/// Translates between a server's mailbox names (reference + name with that server's delimiter) and the
/// neutral form stored in the database (no reference, NUL for the delimiter, INBOX upper-case).
/// </summary>
internal sealed class SideNaming(SyncSide side, string reference, char? delimiter)
{
    public SyncSide Side { get; } = side;

    public string Reference { get; } = reference;

    public char? Delimiter { get; } = delimiter;

    /// <summary>The neutral name, or null when the name lies outside the reference.</summary>
    public string? ToNeutral(string serverName)
    {
        if (!serverName.StartsWith(Reference, StringComparison.Ordinal))
        {
            return null;
        }

        var name = serverName[Reference.Length..];
        if (string.Equals(name, "INBOX", StringComparison.OrdinalIgnoreCase))
        {
            return "INBOX";
        }

        return Delimiter is { } d ? name.Replace(d, '\0') : name;
    }

    public string ToServer(string neutralName)
    {
        if (Delimiter is { } d)
        {
            return Reference + neutralName.Replace('\0', d);
        }

        if (neutralName.Contains('\0', StringComparison.Ordinal))
        {
            throw new SyncException(
                $"Mailbox name {Display(neutralName)} is hierarchical but the {Side.Name()} namespace is flat.", Side, neutralName);
        }

        return Reference + neutralName;
    }

    /// <summary>A printable form, with this side's delimiter (or '/') for NUL.</summary>
    public string Display(string neutralName) => neutralName.Replace('\0', Delimiter ?? '/');
}
