namespace ImapSync.Cli.Configuration;

/// <summary>One <c>key = value</c> line of a configuration file, with where it came from.</summary>
internal sealed record IniEntry(string Key, string Value, string Section, int Line);
