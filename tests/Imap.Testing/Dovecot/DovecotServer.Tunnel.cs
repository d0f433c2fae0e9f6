namespace Imap.Testing.Dovecot;

/// <summary>The PREAUTH stdio command for the tunnel transport (servers.md §4.6).</summary>
public sealed partial class DovecotServer
{
    private const string ImapBinary = "/usr/lib/dovecot/imap";

    /// <summary>Where <see cref="TunnelCommand"/> sends the imap process's stderr (its log lines).</summary>
    public string TunnelLogPath => _paths.TunnelLogPath;

    /// <summary>
    /// argv of a process that speaks pre-authenticated IMAP as <paramref name="user"/> on stdin/stdout
    /// (greeting <c>* PREAUTH [CAPABILITY ...]</c>); it needs no daemon and exits at EOF on stdin.
    /// As root it drops to the mail user with setpriv first. Paths are absolute (interimap forces
    /// PATH=/usr/bin:/bin). Its stderr carries log lines, never protocol: discard it or send it to a file.
    /// </summary>
    public IReadOnlyList<string> TunnelArguments(string user)
    {
        _ = PasswordOf(user);
        var command = new List<string>();
        if (_identity.IsRoot)
        {
            command.AddRange(["/usr/bin/setpriv", $"--reuid={_identity.MailUser}", $"--regid={_identity.MailGroup}", "--clear-groups"]);
        }

        command.AddRange([
            "/usr/bin/env", "--chdir=/", $"USER={user}", $"HOME={Path.Combine(_paths.MailRoot, user)}",
            ImapBinary, "-c", _paths.ConfigPath,
        ]);
        return command;
    }

    /// <summary>
    /// The same as <see cref="TunnelArguments"/> as one line for <c>/bin/sh -c</c> (interimap's
    /// <c>command</c>), with stderr appended to <see cref="TunnelLogPath"/>.
    /// </summary>
    public string TunnelCommand(string user) =>
        "exec " + string.Join(' ', TunnelArguments(user).Select(ShellQuote)) + " 2>>" + ShellQuote(TunnelLogPath);
}
