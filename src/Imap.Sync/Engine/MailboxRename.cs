namespace Imap.Sync.Engine;

/// <summary>
/// A known mailbox <see cref="Source"/> found under the new name <see cref="Target"/> (neutral names):
/// renamed on <see cref="RenamedOn"/> by another client and replayed on the other side, or renamed the
/// same way on both sides (<see cref="RenamedOn"/> null) when only the database follows.
/// </summary>
internal sealed record MailboxRename(SyncSide? RenamedOn, string Source, string Target)
{
    /// <summary>The side that gets the RENAME, if any.</summary>
    public SyncSide? ReplayOn => RenamedOn?.Other();

    /// <summary>Whether <paramref name="name"/> is <see cref="Source"/> or one of its inferiors.</summary>
    public bool Covers(string name) => IsAtOrBelow(name, Source);

    /// <summary>The name <paramref name="name"/> (at or below <see cref="Source"/>) takes after the rename.</summary>
    public string Renamed(string name) => Target + name[Source.Length..];

    public static bool IsAtOrBelow(string name, string parent) =>
        string.Equals(name, parent, StringComparison.Ordinal) || name.StartsWith(parent + "\0", StringComparison.Ordinal);
}
