using System.Text.RegularExpressions;

namespace ImapSync.Cli.Configuration;

/// <summary>
/// Reads and validates a configuration file with InterIMAP's rules: sections <c>[local]</c> and
/// <c>[remote]</c> are mandatory (they may be empty) and each starts as a copy of the default section.
/// Every problem names the file, the line and the key.
/// </summary>
internal static class ConfigLoader
{
    private static readonly string[] ServerSections = ["local", "remote"];

    public static SyncConfig Load(string path, XdgDirectories directories)
    {
        string text;
        try
        {
            text = File.ReadAllText(path);
        }
        catch (Exception e) when (e is FileNotFoundException or DirectoryNotFoundException)
        {
            throw new ConfigException(path, 0, null, "no such configuration file");
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            throw new ConfigException(path, 0, null, "cannot read: " + e.Message);
        }

        var config = Parse(text, path, directories);
        if (ReadableByOthers(path) && HoldsSecret(text, path))
        {
            config = config with
            {
                Warnings = [.. config.Warnings, $"{path}: holds a password but is readable by group or others; run: chmod 600 {path}"],
            };
        }

        return config;
    }

    public static SyncConfig Parse(string text, string path, XdgDirectories directories)
    {
        var document = IniDocument.Parse(text, path);
        var warnings = new List<string>();
        foreach (var section in ServerSections)
        {
            if (!document.HasSection(section))
            {
                throw new ConfigException(path, 0, null, $"missing section [{section}] (it may be empty)");
            }
        }

        foreach (var unknown in document.SectionNames.Where(s => s != IniDocument.DefaultSection && !ServerSections.Contains(s)))
        {
            warnings.Add($"{path}: section [{unknown}] is not used (only [local], [remote] and the keys before them are read)");
        }

        var defaults = document.Entries(IniDocument.DefaultSection);
        CheckKeys(path, defaults, warnings);
        var servers = new Dictionary<string, ServerConfig>(StringComparer.Ordinal);
        foreach (var section in ServerSections)
        {
            var own = document.Entries(section);
            CheckKeys(path, own, warnings);
            var effective = defaults.Where(e => ConfigKeys.PerServer.Contains(e.Key)).ToDictionary(e => e.Key, StringComparer.Ordinal);
            foreach (var entry in own.Where(e => ConfigKeys.PerServer.Contains(e.Key)))
            {
                effective[entry.Key] = entry;
            }

            servers[section] = new ServerConfigReader(path, section, effective, warnings).Read();
        }

        var global = defaults.ToDictionary(e => e.Key, StringComparer.Ordinal);
        return new SyncConfig
        {
            FilePath = path,
            DatabasePath = directories.ResolveDatabase(ReadDatabase(path, global, servers["remote"])),
            LogFile = ReadLogFile(path, global),
            LogPrefix = ReadLogPrefix(path, global),
            ListMailbox = ReadListMailbox(path, global),
            ListSelectOptions = ReadListSelectOptions(path, global),
            IgnoreMailbox = ReadIgnoreMailbox(path, global),
            MassExpungeLimit = MassExpungeLimitReader.Read(path, global),
            Local = servers["local"],
            Remote = servers["remote"],
            Warnings = warnings,
        };
    }

    private static void CheckKeys(string path, IReadOnlyList<IniEntry> entries, List<string> warnings)
    {
        foreach (var entry in entries)
        {
            if (!ConfigKeys.IsKnown(entry.Key))
            {
                var hint = ConfigKeys.SuggestionFor(entry.Key) is { } known ? $" (did you mean '{known}'?)" : string.Empty;
                throw new ConfigException(path, entry.Line, entry.Key, "unknown key" + hint);
            }

            if (entry.Section != IniDocument.DefaultSection && ConfigKeys.DefaultSectionOnly.Contains(entry.Key))
            {
                warnings.Add($"{path}:{entry.Line}: {entry.Key}: ignored in [{entry.Section}]; this key is only read before the first section");
            }
        }
    }

    private static string ReadDatabase(string path, Dictionary<string, IniEntry> global, ServerConfig remote)
    {
        if (!global.TryGetValue("database", out var entry))
        {
            // InterIMAP's default: named after the remote host ("localhost" when it is a tunnel).
            var host = remote.Type == ServerType.Tunnel ? "localhost" : remote.Host;
            return host + ".db";
        }

        return entry.Value.Length == 0 || ConfigValues.HasControlCharacter(entry.Value)
            ? throw new ConfigException(path, entry.Line, entry.Key, "expected a file name (relative to the data directory) or an absolute path")
            : entry.Value;
    }

    private static string? ReadLogFile(string path, Dictionary<string, IniEntry> global)
    {
        if (!global.TryGetValue("logfile", out var entry))
        {
            return null;
        }

        return Path.IsPathRooted(entry.Value) && !ConfigValues.HasControlCharacter(entry.Value)
            ? entry.Value
            : throw new ConfigException(path, entry.Line, entry.Key, $"must be an absolute path, not '{entry.Value}'");
    }

    private static LogPrefixTemplate ReadLogPrefix(string path, Dictionary<string, IniEntry> global)
    {
        if (!global.TryGetValue("log-prefix", out var entry))
        {
            return LogPrefixTemplate.Default;
        }

        if (ConfigValues.HasControlCharacter(entry.Value))
        {
            throw new ConfigException(path, entry.Line, entry.Key, "control characters are not allowed");
        }

        try
        {
            return LogPrefixTemplate.Parse(entry.Value);
        }
        catch (FormatException e)
        {
            throw new ConfigException(path, entry.Line, entry.Key, e.Message);
        }
    }

    private static IReadOnlyList<string> ReadListMailbox(string path, Dictionary<string, IniEntry> global)
    {
        if (!global.TryGetValue("list-mailbox", out var entry))
        {
            return ["*"];
        }

        try
        {
            return ListMailboxParser.Parse(entry.Value);
        }
        catch (FormatException e)
        {
            throw new ConfigException(path, entry.Line, entry.Key, e.Message);
        }
    }

    private static IReadOnlyList<string> ReadListSelectOptions(string path, Dictionary<string, IniEntry> global)
    {
        if (!global.TryGetValue("list-select-opts", out var entry))
        {
            return [];
        }

        var options = entry.Value.Split(' ', StringSplitOptions.RemoveEmptyEntries);
        return options.All(ConfigValues.IsAtom)
            ? [.. options.Select(o => o.ToUpperInvariant())]
            : throw new ConfigException(path, entry.Line, entry.Key, "expected words separated by spaces, e.g. SUBSCRIBED");
    }

    private static Regex? ReadIgnoreMailbox(string path, Dictionary<string, IniEntry> global)
    {
        if (!global.TryGetValue("ignore-mailbox", out var entry))
        {
            return null;
        }

        if (!ConfigValues.IsTextChars(entry.Value))
        {
            throw new ConfigException(path, entry.Line, entry.Key, "expected an ASCII regular expression");
        }

        try
        {
            return new Regex(entry.Value, RegexOptions.CultureInvariant, TimeSpan.FromSeconds(1));
        }
        catch (ArgumentException e)
        {
            throw new ConfigException(path, entry.Line, entry.Key, "invalid regular expression: " + e.Message);
        }
    }

    private static bool ReadableByOthers(string path)
    {
        if (OperatingSystem.IsWindows())
        {
            return false;
        }

        var mode = File.GetUnixFileMode(path);
        return (mode & (UnixFileMode.GroupRead | UnixFileMode.OtherRead)) != 0;
    }

    private static bool HoldsSecret(string text, string path)
    {
        var document = IniDocument.Parse(text, path);
        return document.SectionNames.SelectMany(document.Entries)
            .Any(e => e.Key == "password" || (e.Key == "proxy" && e.Value.Contains('@', StringComparison.Ordinal)));
    }
}
