namespace Imap.Testing.Cyrus;

/// <summary>File layout of one Cyrus instance directory (servers.md §5.1).</summary>
internal sealed record CyrusPaths(string Root)
{
    public string ImapdConfPath => Path.Combine(Root, "conf", "imapd.conf");
    public string CyrusConfPath => Path.Combine(Root, "conf", "cyrus.conf");
    public string MasterPidPath => Path.Combine(Root, "run", "master.pid");
    public string MasterLogPath => Path.Combine(Root, "run", "master.log");
    public string Lib => Path.Combine(Root, "lib");
    public string SaslDbPath => Path.Combine(Root, "lib", "sasldb2");
    public string Spool => Path.Combine(Root, "spool");
    public string TlsDirectory => Path.Combine(Root, "tls");
    public string CertificatePath => Path.Combine(Root, "tls", "cert.pem");
    public string PrivateKeyPath => Path.Combine(Root, "tls", "key.pem");

    public IEnumerable<string> Directories =>
        new[] { "conf", "run", "tls", "spool" }.Select(d => Path.Combine(Root, d))
            .Concat(new[] { "db", "log", "proc", "socket", "lock", "quota", "user", "sieve", "msg", "ptclient" }.Select(d => Path.Combine(Lib, d)));
}
