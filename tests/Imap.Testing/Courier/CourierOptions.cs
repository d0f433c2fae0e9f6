using Imap.Testing.Dovecot;

namespace Imap.Testing.Courier;

/// <summary>How a <see cref="CourierServer"/> is configured.</summary>
public sealed record CourierOptions
{
    /// <summary>
    /// True (default): Courier reaches its file-notification daemon (gam_server, which exits on its own
    /// when idle). False: every session starts with <c>* OK [ALERT] Filesystem notification
    /// initialization error ...</c> before <c>* PREAUTH</c>, as on hosts without FAM/Gamin, and takes
    /// about 2.5 s longer to start (Courier retries the daemon).
    /// </summary>
    public bool FileNotification { get; init; } = true;

    /// <summary>Accounts (each a Maildir; sessions are pre-authenticated, so passwords are not checked).</summary>
    public IReadOnlyList<DovecotUser> Users { get; init; } =
        [new DovecotUser("alice", "alicepw"), new DovecotUser("bob", "bobpw")];
}
