namespace Imap.Protocol.Model;

/// <summary>
/// One message flag: a system flag (<c>\Seen</c>…) or a keyword (<c>$Forwarded</c>, <c>NonJunk</c>).
/// Names compare case-insensitively, as IMAP servers treat them.
/// </summary>
public readonly struct ImapFlag : IEquatable<ImapFlag>
{
    /// <summary>Creates a flag from its wire name, e.g. <c>\Seen</c> or <c>$Label1</c>.</summary>
    public ImapFlag(string name)
    {
        ArgumentException.ThrowIfNullOrEmpty(name);
        var system = SystemFlagOf(name);
        Name = system == SystemFlags.None ? name : NameOf(system);
        System = system;
    }

    /// <summary>The wire name (system flags in their canonical spelling).</summary>
    public string Name { get; }

    /// <summary>The system flag this is, or <see cref="SystemFlags.None"/> for a keyword.</summary>
    public SystemFlags System { get; }

    /// <summary>True for a keyword (anything that is not an RFC 3501 system flag).</summary>
    public bool IsKeyword => System == SystemFlags.None;

    /// <summary><c>\Seen</c></summary>
    public static ImapFlag Seen => new(@"\Seen");

    /// <summary><c>\Answered</c></summary>
    public static ImapFlag Answered => new(@"\Answered");

    /// <summary><c>\Flagged</c></summary>
    public static ImapFlag Flagged => new(@"\Flagged");

    /// <summary><c>\Deleted</c></summary>
    public static ImapFlag Deleted => new(@"\Deleted");

    /// <summary><c>\Draft</c></summary>
    public static ImapFlag Draft => new(@"\Draft");

    /// <summary><c>\Recent</c></summary>
    public static ImapFlag Recent => new(@"\Recent");

    /// <summary>
    /// Creates a flag that can be sent in a STORE or APPEND: a system flag (<c>\Seen</c>) or a keyword atom
    /// (<c>$Forwarded</c>). False for anything that could end the flag list or the command (a space, a
    /// parenthesis, a quote, CR or LF, a non-ASCII character) or that is empty.
    /// </summary>
    /// <param name="name">The wire name.</param>
    /// <param name="flag">The flag, when the name can be sent.</param>
    public static bool TryCreate(string? name, out ImapFlag flag)
    {
        if (name is null || !Commands.ImapWire.IsFlag(name))
        {
            flag = default;
            return false;
        }
        flag = new ImapFlag(name);
        return true;
    }

    /// <summary>A keyword (not a system flag) that can be sent, e.g. <c>$Forwarded</c> or <c>NonJunk</c>.</summary>
    /// <exception cref="ArgumentException">The name starts with a backslash or could not be sent as a flag (see <see cref="TryCreate"/>).</exception>
    public static ImapFlag Keyword(string name)
    {
        ArgumentNullException.ThrowIfNull(name);
        if (name.StartsWith('\\') || !TryCreate(name, out var flag))
        {
            throw new ArgumentException($"Not an IMAP keyword: \"{name}\"", nameof(name));
        }
        return flag;
    }

    /// <summary>The system flag named <paramref name="name"/> (any case), or <see cref="SystemFlags.None"/>.</summary>
    public static SystemFlags SystemFlagOf(string name)
    {
        ArgumentNullException.ThrowIfNull(name);
        foreach (var flag in SystemFlagNames.All)
        {
            if (string.Equals(flag.Name, name, StringComparison.OrdinalIgnoreCase))
                return flag.Flag;
        }
        return SystemFlags.None;
    }

    /// <summary>The canonical wire name of a single system flag.</summary>
    public static string NameOf(SystemFlags flag)
    {
        foreach (var entry in SystemFlagNames.All)
        {
            if (entry.Flag == flag)
                return entry.Name;
        }
        throw new ArgumentOutOfRangeException(nameof(flag), flag, "Not a single system flag.");
    }

    /// <inheritdoc />
    public bool Equals(ImapFlag other) => string.Equals(Name, other.Name, StringComparison.OrdinalIgnoreCase);

    /// <inheritdoc />
    public override bool Equals(object? obj) => obj is ImapFlag other && Equals(other);

    /// <inheritdoc />
    public override int GetHashCode() => Name is null ? 0 : StringComparer.OrdinalIgnoreCase.GetHashCode(Name);

    /// <summary>The wire name.</summary>
    public override string ToString() => Name ?? string.Empty;

    /// <summary>Compares two flags case-insensitively.</summary>
    public static bool operator ==(ImapFlag left, ImapFlag right) => left.Equals(right);

    /// <summary>Compares two flags case-insensitively.</summary>
    public static bool operator !=(ImapFlag left, ImapFlag right) => !left.Equals(right);
}
