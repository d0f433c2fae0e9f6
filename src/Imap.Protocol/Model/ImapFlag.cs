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
