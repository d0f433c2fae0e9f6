using System.Globalization;
using System.Text;
using Imap.Testing.Processes;

namespace Imap.Testing.Dovecot;

/// <summary>Writes a self-contained dovecot.conf (it never reads /etc/dovecot), after servers.md §4.2.</summary>
internal static class DovecotConfigWriter
{
    /// <summary>Dovecot 2.3.19's post-login list (servers.md §4.9), without the dynamic tail.</summary>
    private const string FullCapabilities =
        "IMAP4rev1 SASL-IR LOGIN-REFERRALS ID ENABLE IDLE SORT SORT=DISPLAY THREAD=REFERENCES THREAD=REFS " +
        "THREAD=ORDEREDSUBJECT MULTIAPPEND URL-PARTIAL CATENATE UNSELECT CHILDREN NAMESPACE UIDPLUS LIST-EXTENDED " +
        "I18NLEVEL=1 CONDSTORE QRESYNC ESEARCH ESORT SEARCHRES WITHIN CONTEXT=SEARCH LIST-STATUS BINARY MOVE " +
        "SNIPPET=FUZZY PREVIEW=FUZZY PREVIEW STATUS=SIZE SAVEDATE";

    public static string Write(DovecotServerPaths paths, DovecotOptions options, RunningIdentity identity, int port, int imapsPort)
    {
        var sb = new StringBuilder();
        void Line(string text) => sb.Append(text).Append('\n');
        var dir = paths.Root;

        Line($"instance_name = imap-testing-{port.ToString(CultureInfo.InvariantCulture)}");
        Line($"base_dir = {dir}/run");
        Line($"state_dir = {dir}/state");
        Line("protocols = imap");
        Line("listen = 127.0.0.1");
        Line($"log_path = {paths.LogPath}");
        Line("shutdown_clients = yes");
        if (identity.IsRoot)
        {
            Line("default_internal_user = dovecot");
            Line("default_internal_group = dovecot");
            Line("default_login_user = dovenull");
        }
        else
        {
            Line($"default_internal_user = {identity.MailUser}");
            Line($"default_internal_group = {identity.MailGroup}");
            Line($"default_login_user = {identity.MailUser}");
        }

        Line($"mail_uid = {identity.MailUser}");
        Line($"mail_gid = {identity.MailGroup}");
        Line($"first_valid_uid = {identity.MailUid.ToString(CultureInfo.InvariantCulture)}");
        Line("first_valid_gid = 0");

        if (options.Tls)
        {
            Line("ssl = yes");
            Line($"ssl_cert = <{paths.CertificatePath}");
            Line($"ssl_key = <{paths.PrivateKeyPath}");
        }
        else
        {
            Line("ssl = no");
        }

        // Dovecot treats loopback connections as secured anyway, so LOGINDISABLED cannot be shown here.
        Line("disable_plaintext_auth = no");
        Line($"auth_mechanisms = {string.Join(' ', options.AuthMechanisms).ToLowerInvariant()}");
        if (options.DebugLog)
        {
            Line("auth_verbose = yes");
            Line("auth_debug = yes");
            Line("mail_debug = yes");
        }

        Line("passdb {");
        Line("  driver = passwd-file");
        Line($"  args = scheme=PLAIN username_format=%u {paths.PasswdPath}");
        Line("}");
        Line("userdb {");
        Line("  driver = static");
        Line($"  args = uid={identity.MailUser} gid={identity.MailGroup} home={paths.MailRoot}/%u");
        Line("}");

        Line($"mail_location = {MailLocation(options.Storage, paths.MailRoot)}");
        Line("mail_fsync = never");
        Line($"mailbox_list_index = {(options.Notify ? "yes" : "no")}");
        Line("namespace inbox {");
        Line("  inbox = yes");
        Line($"  separator = {options.HierarchySeparator}");
        Line("  prefix =");
        Line("}");

        if (CapabilityLine(options) is { } capabilities)
        {
            Line($"imap_capability = {capabilities}");
        }

        Line("protocol imap {");
        if (options.Compress)
        {
            Line("  mail_plugins = $mail_plugins imap_zlib");
        }

        Line("  mail_max_userip_connections = 100");
        if (options.IdleNotifyInterval is { } stillHere)
        {
            Line($"  imap_idle_notify_interval = {(int)Math.Ceiling(stillHere.TotalSeconds)} secs");
        }

        if (options.RawLog)
        {
            Line($"  rawlog_dir = {paths.RawLogDirectory}");
        }

        Line("}");

        Line("service stats {");
        Line("  unix_listener stats-writer {");
        Line("    mode = 0666");
        Line("  }");
        Line("}");
        if (!identity.IsRoot)
        {
            Line("service anvil {");
            Line("  chroot =");
            Line("}");
        }

        // Never omit a listener block: an omitted one falls back to Dovecot's default port (993).
        Line("service imap-login {");
        if (!identity.IsRoot)
        {
            Line("  chroot =");
        }

        Line("  inet_listener imap {");
        Line("    address = 127.0.0.1");
        Line($"    port = {port.ToString(CultureInfo.InvariantCulture)}");
        Line("  }");
        Line("  inet_listener imaps {");
        Line("    address = 127.0.0.1");
        Line($"    port = {imapsPort.ToString(CultureInfo.InvariantCulture)}");
        Line("    ssl = yes");
        Line("  }");
        Line("}");
        return sb.ToString();
    }

    private static string MailLocation(DovecotMailStorage storage, string mailRoot) => storage switch
    {
        DovecotMailStorage.Maildir => $"maildir:{mailRoot}/%u",
        DovecotMailStorage.MaildirFs => $"maildir:{mailRoot}/%u:LAYOUT=fs",
        DovecotMailStorage.Mdbox => $"mdbox:{mailRoot}/%u/mdbox",
        _ => throw new ArgumentOutOfRangeException(nameof(storage)),
    };

    /// <summary>
    /// imap_capability without '+' replaces the whole list, including the dynamic LITERAL+, NOTIFY and
    /// COMPRESS=DEFLATE, so those are listed again when enabled.
    /// </summary>
    private static string? CapabilityLine(DovecotOptions options)
    {
        if (options.AdvertisedCapabilities is { } exact)
        {
            return string.Join(' ', exact);
        }

        if (options.Capabilities == DovecotCapabilityProfile.Full)
        {
            return null;
        }

        var removed = options.Capabilities == DovecotCapabilityProfile.WithoutQresync
            ? new[] { "QRESYNC" }
            : ["QRESYNC", "CONDSTORE"];
        var words = FullCapabilities.Split(' ').Where(w => !removed.Contains(w)).ToList();
        words.Add("LITERAL+");
        if (options.Notify)
        {
            words.Add("NOTIFY");
        }

        if (options.Compress)
        {
            words.Add("COMPRESS=DEFLATE");
        }

        return string.Join(' ', words);
    }
}
