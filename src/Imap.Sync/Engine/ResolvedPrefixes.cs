namespace Imap.Sync.Engine;

/// <summary>
/// The personal namespace prefix to list each side with, and the check (the servers' NAMESPACE answers
/// against the database's record) that must pass before anything is written.
/// </summary>
internal sealed class ResolvedPrefixes(string local, string remote, Func<Task> confirm)
{
    public string Local { get; } = local;

    public string Remote { get; } = remote;

    /// <summary>Throws <see cref="SyncException"/> when a prefix differs from the record; records new ones.</summary>
    public Task ConfirmAsync() => confirm();
}
