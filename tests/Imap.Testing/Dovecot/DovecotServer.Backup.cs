using Imap.Testing.Processes;

namespace Imap.Testing.Dovecot;

// Backups of a user's mail, taken and restored as an admin would: by copying the files.
public sealed partial class DovecotServer
{
    /// <summary>
    /// Copies the user's whole mail directory (messages, UID list and indexes) aside and returns where.
    /// Take it between sessions: nothing is locked, like a file-level backup of a live server.
    /// </summary>
    public async Task<string> BackUpMailAsync(string user, CancellationToken cancellationToken = default)
    {
        var backup = Path.Combine(_paths.Root, "backup-" + user + "-" + Guid.NewGuid().ToString("N"));
        await CommandRunner.RunCheckedAsync("cp", ["-a", UserMailDirectory(user), backup], null, cancellationToken);
        return backup;
    }

    /// <summary>
    /// Replaces the user's mail directory with a copy of <paramref name="backup"/> (owners and times kept):
    /// same UIDVALIDITY, and UIDNEXT, HIGHESTMODSEQ, messages and flags as they were at the backup.
    /// </summary>
    public async Task RestoreMailAsync(string user, string backup, CancellationToken cancellationToken = default)
    {
        var target = UserMailDirectory(user);
        System.IO.Directory.Delete(target, recursive: true);
        await CommandRunner.RunCheckedAsync("cp", ["-a", backup, target], null, cancellationToken);
    }

    private string UserMailDirectory(string user) => Path.Combine(_paths.MailRoot, user);
}
