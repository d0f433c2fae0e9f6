namespace Imap.Testing.Courier;

/// <summary>
/// The shell script that runs Courier's imapd pre-authenticated as the user named by its argument
/// (<c>AUTHENTICATED</c> set, no authdaemon), with Debian's imapd settings (IMAP_KEYWORDS=1, ...).
/// </summary>
internal static class CourierTunnelScript
{
    public const string Root = "/opt/courier";

    public static string Write(CourierPaths paths, bool fileNotification)
    {
        var libraries = string.Join(':', Directory.GetDirectories($"{Root}/usr/lib", "*-linux-gnu").Append($"{Root}/usr/lib"));

        // libgamin starts gam_server from this path (it exits by itself when idle); a path that does not
        // exist reproduces hosts without FAM/Gamin, where Courier sends an [ALERT] before its greeting.
        var gamServer = fileNotification ? $"{Root}/usr/libexec/gam_server" : $"{Root}/no-gam_server";
        return $"""
            #!/bin/sh
            set -e
            user=$1
            set -a
            . {Root}/etc/courier/imapd
            set +a
            export LD_LIBRARY_PATH='{libraries}'
            export AUTHENTICATED="$user" HOME='{paths.MailRoot}'/"$user" MAILDIR='{paths.MailRoot}'/"$user"/Maildir
            # No IDLE through FAM, and no purge of old messages from folders named Trash at login.
            export IMAP_ENHANCEDIDLE=0 IMAP_EMPTYTRASH=
            export GAMIN_DEBUG_SERVER='{gamServer}' GAM_CLIENT_ID='{Path.GetFileName(paths.Root)}'
            cd "$HOME"
            exec {Root}/usr/bin/imapd "$MAILDIR" 2>>'{paths.TunnelLogPath}'

            """;
    }
}
