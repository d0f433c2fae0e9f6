namespace Imap.Testing.Courier;

/// <summary>File layout of one Courier instance directory.</summary>
internal sealed record CourierPaths(string Root)
{
    public string RunDirectory => Path.Combine(Root, "run");
    public string MasterPidPath => Path.Combine(Root, "run", "master.pid");
    public string LogDirectory => Path.Combine(Root, "log");
    public string ListenerLogPath => Path.Combine(Root, "log", "socat.log");
    public string TunnelLogPath => Path.Combine(Root, "log", "tunnel.log");
    public string TunnelScriptPath => Path.Combine(Root, "bin", "courier-imapd");
    public string MailRoot => Path.Combine(Root, "mail");

    public string MaildirOf(string user) => Path.Combine(MailRoot, user, "Maildir");
}
