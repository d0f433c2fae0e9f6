using System.Globalization;

namespace Imap.Testing.Cyrus;

/// <summary>Writes imapd.conf and cyrus.conf for one instance (servers.md §5.2, §5.3).</summary>
internal static class CyrusConfigWriter
{
    public static string ImapdConf(CyrusPaths paths, CyrusOptions options, string user, string group, int port) => string.Join('\n',
    [
        $"configdirectory: {paths.Lib}",
        $"proc_path: {paths.Lib}/proc",
        $"mboxname_lockpath: {paths.Lib}/lock",
        "defaultpartition: default",
        $"partition-default: {paths.Spool}",
        "servername: localhost",
        $"cyrus_user: {user}",
        $"cyrus_group: {group}",
        "admins: admin",
        $"altnamespace: {(options.AltNamespace ? "yes" : "no")}",
        $"unixhierarchysep: {(options.HierarchySeparator == '/' ? "yes" : "no")}",
        "virtdomains: off",
        "autocreate_quota: 0",
        "allowplaintext: yes",
        "sasl_pwcheck_method: auxprop",
        "sasl_auxprop_plugin: sasldb",
        $"sasl_sasldb_path: {paths.SaslDbPath}",
        "sasl_mech_list: PLAIN LOGIN",
        $"tls_server_cert: {paths.CertificatePath}",
        $"tls_server_key: {paths.PrivateKeyPath}",
        $"lmtpsocket: {paths.Lib}/socket/lmtp",
        $"idlesocket: {paths.Lib}/socket/idle",
        $"notifysocket: {paths.Lib}/socket/notify",
        $"syslog_prefix: cyrus-fixture-{port.ToString(CultureInfo.InvariantCulture)}",
        "master_bind_errors_fatal: 1",
        "hashimapspool: false",
        "umask: 077",
        "",
    ]);

    public static string CyrusConf(CyrusPaths paths, string imapdBinDirectory, int port, int imapsPort)
    {
        var conf = paths.ImapdConfPath;
        var imaps = imapsPort == 0
            ? ""
            : $"  imaps cmd=\"{imapdBinDirectory}/imapd -s -C {conf}\" listen=\"127.0.0.1:{imapsPort.ToString(CultureInfo.InvariantCulture)}\" prefork=0\n";
        return $$"""
            START {
              recover cmd="{{CyrusServer.CyrusBin}}/ctl_cyrusdb -r -C {{conf}}"
            }
            SERVICES {
              imap cmd="{{imapdBinDirectory}}/imapd -C {{conf}}" listen="127.0.0.1:{{port.ToString(CultureInfo.InvariantCulture)}}" prefork=0
            {{imaps}}}
            EVENTS {
              checkpoint cmd="{{CyrusServer.CyrusBin}}/ctl_cyrusdb -c -C {{conf}}" period=30
            }
            DAEMON {
              idled cmd="{{imapdBinDirectory}}/idled -C {{conf}}"
            }

            """;
    }
}
