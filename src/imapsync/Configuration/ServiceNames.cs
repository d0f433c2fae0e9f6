using System.Globalization;

namespace ImapSync.Cli.Configuration;

/// <summary>Looks up a TCP service name (<c>imap</c>, <c>imaps</c>, ...) in <c>/etc/services</c>.</summary>
internal static class ServiceNames
{
    public static int? Lookup(string name, string servicesFile = "/etc/services")
    {
        if (!File.Exists(servicesFile))
        {
            return name switch { "imap" or "imap2" => 143, "imaps" => 993, _ => null };
        }

        foreach (var raw in File.ReadLines(servicesFile))
        {
            var line = raw.Split('#')[0];
            var fields = line.Split([' ', '\t'], StringSplitOptions.RemoveEmptyEntries);
            if (fields.Length < 2 || !fields[1].EndsWith("/tcp", StringComparison.Ordinal))
            {
                continue;
            }

            if ((fields[0] == name || fields.Skip(2).Contains(name, StringComparer.Ordinal))
                && int.TryParse(fields[1].AsSpan(0, fields[1].Length - 4), NumberStyles.None, CultureInfo.InvariantCulture, out var port))
            {
                return port;
            }
        }

        return null;
    }
}
