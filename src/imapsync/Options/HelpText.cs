namespace ImapSync.Cli.Options;

/// <summary>The <c>--help</c> text, written like a manual page, and the short usage for errors.</summary>
internal static class HelpText
{
    public const string Usage = """
        Usage: imapsync [OPTION ...] [MAILBOX ...]
               imapsync [OPTION ...] --repair [MAILBOX ...]
               imapsync [OPTION ...] --delete MAILBOX [MAILBOX ...]
               imapsync [OPTION ...] --rename SOURCE DEST
        Try 'imapsync --help' for more information.
        """;

    public const string Manual = """
        NAME
            imapsync - keep two IMAP servers synchronized, both ways (InterIMAP compatible)

        SYNOPSIS
            imapsync [OPTION ...] [MAILBOX ...]
            imapsync [OPTION ...] --repair [MAILBOX ...]
            imapsync [OPTION ...] --delete MAILBOX [MAILBOX ...]
            imapsync [OPTION ...] --rename SOURCE DEST

        DESCRIPTION
            imapsync synchronizes the mailboxes of a "local" and a "remote" IMAP server in both
            directions: new messages are copied, flag changes and deletions are applied on the
            other side, new mailboxes are created. The state of the last synchronization is kept
            in an SQLite database, so each run only transfers what changed (QRESYNC, RFC 7162).

            Without MAILBOX arguments every mailbox matching 'list-mailbox' (and not
            'ignore-mailbox') is synchronized. MAILBOX arguments replace that selection; they are
            names or LIST patterns ('*', '%') in modified UTF-7, written with the local server's
            hierarchy delimiter. INBOX is case-insensitive.

            Options must come before MAILBOX arguments; '--' ends the options.

        OPTIONS
            --config=FILE
                Configuration file. A relative FILE is looked up in $XDG_CONFIG_HOME/imapsync/
                (default ~/.config/imapsync/). Default: config.

            -q, --quiet
                Do not print informational lines (mailboxes created, messages copied, the
                summary). Warnings and errors are always printed.

            --debug
                Log the IMAP conversation (C: and S: lines; message bodies are never shown).
                Given once, LOGIN and AUTHENTICATE credentials are replaced by [REDACTED];
                given twice, they are shown as sent. Debug lines go to 'logfile' if set.

            --watch[=SECONDS]
                Do not exit: synchronize, wait SECONDS (default 60; 900 with --notify), repeat.
                After a network error, reconnect with increasing delays. SIGINT or SIGTERM
                finishes the step in progress, commits it and exits.

            --notify
                Implies --watch. Wait for changes with IMAP NOTIFY (RFC 5465) where the server
                offers it, else IDLE (RFC 2177) on INBOX (re-issued every 25 minutes), else poll
                every SECONDS; which one is logged. Listening starts before the first sync.

            --repair
                Compare every message of the listed (or all known) mailboxes on both sides,
                not only the changes since the last run, and repair the database and flags.

            --delete MAILBOX ...
                Delete the mailboxes on the local server, the remote server and from the
                database (see --target).

            --rename SOURCE DEST
                Rename a mailbox on both servers and in the database (see --target).

            --target=TARGET[,TARGET...]
                With --delete or --rename: act only on these of local, remote, database.
                May be repeated. Default: all three.

            --json
                At the end, print the summary as one JSON object on standard output.

            --allow-mass-expunge
                Confirm a mass expunge for this run. Without it, a mailbox where one run would
                expunge more than 'mass-expunge-threshold' (default 100) messages and more than
                half of its synchronized messages on one side is stopped before anything is
                deleted (exit status 4): a server that suddenly lists none of them (a broken
                index, the wrong account) must not empty the other one.

            --version
                Print the version and exit.

            -h, --help
                Print this text and exit.

        CONFIGURATION
            An INI file as InterIMAP's: keys before the first section apply to both servers;
            sections [local] and [remote] are required (they may be empty). Main keys:
            database, logfile, log-prefix, list-mailbox, list-select-opts, list-reference,
            ignore-mailbox, allow-mass-expunge, mass-expunge-threshold; per server: type (imap,
            imaps, tunnel), host, port, proxy, command, STARTTLS, auth, username, password,
            password-command, oauth-token-command, compress (YES, NO, auto; remote default
            auto), null-stderr, personal-namespace (auto, yes, no: whether the server's
            personal prefix, e.g. Cyrus's "INBOX.", is removed from names), SSL_verify,
            SSL_CAfile, SSL_CApath, SSL_fingerprint, SSL_hostname, SSL_protocol_min,
            SSL_protocol_max, SSL_cipherlist, SSL_ciphersuites. The README has the full
            reference.

        OUTPUT
            Log lines go to standard error, each starting with 'log-prefix' (default
            "local(INBOX): "). On a terminal a status line shows mailboxes done of the total,
            messages and bytes copied each way of those announced, the rate and the time left.
            A summary ends each run, with each server's IMAP traffic (--json: as JSON on
            standard output).

        EXIT STATUS
            0    success; also --help, --version, and a clean stop on SIGTERM
            1    synchronization error: a server refused a command or broke the protocol,
                 or the database failed
            2    usage or configuration error; nothing was changed
            3    connection or authentication error (DNS, TCP, TLS, proxy, login)
            4    a mailbox needs your decision (e.g. it disappeared on one side): use
                 --delete, --rename, --repair or --allow-mass-expunge as the message says.
                 A UIDVALIDITY change is recovered without you (a warning), unless it
                 changes again meanwhile
            5    the database is locked by another imapsync
            70   internal error (a bug; please report it)
            130  stopped by SIGINT after committing the step in progress

        FILES
            $XDG_CONFIG_HOME/imapsync/config      default configuration file
            $XDG_DATA_HOME/imapsync/HOST.db       default database (HOST: the remote host)

        ENVIRONMENT
            HOME, XDG_CONFIG_HOME, XDG_DATA_HOME

        SEE ALSO
            interimap(1), the README of the imapsync source tree
        """;
}
