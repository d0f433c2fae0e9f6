namespace Imap.Testing.Dovecot;

/// <summary>File layout of one instance directory (servers.md §4.1).</summary>
internal sealed record DovecotServerPaths(string Root)
{
    public string ConfigPath => Path.Combine(Root, "dovecot.conf");
    public string PasswdPath => Path.Combine(Root, "passwd");
    public string RunDirectory => Path.Combine(Root, "run");
    public string MasterPidPath => Path.Combine(Root, "run", "master.pid");
    public string StateDirectory => Path.Combine(Root, "state");
    public string LogDirectory => Path.Combine(Root, "log");
    public string LogPath => Path.Combine(Root, "log", "dovecot.log");
    public string StartupLogPath => Path.Combine(Root, "log", "startup.log");
    public string TunnelLogPath => Path.Combine(Root, "log", "tunnel.log");
    public string MailRoot => Path.Combine(Root, "mail");
    public string TlsDirectory => Path.Combine(Root, "tls");
    public string CertificatePath => Path.Combine(Root, "tls", "cert.pem");
    public string PrivateKeyPath => Path.Combine(Root, "tls", "key.pem");
    public string RawLogDirectory => Path.Combine(Root, "rawlog");
    public string OwnerPath => Path.Combine(Root, "owner");
}
