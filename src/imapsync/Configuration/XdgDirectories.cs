namespace ImapSync.Cli.Configuration;

/// <summary>
/// Where imapsync keeps its files: <c>$XDG_CONFIG_HOME/imapsync</c> (else <c>~/.config/imapsync</c>)
/// and <c>$XDG_DATA_HOME/imapsync</c> (else <c>~/.local/share/imapsync</c>). Relative XDG values are
/// ignored, as the XDG specification says.
/// </summary>
internal sealed class XdgDirectories
{
    public const string ApplicationName = "imapsync";

    public XdgDirectories(string configDirectory, string dataDirectory)
    {
        ConfigDirectory = configDirectory;
        DataDirectory = dataDirectory;
    }

    public string ConfigDirectory { get; }

    public string DataDirectory { get; }

    public static XdgDirectories FromEnvironment(Func<string, string?> getVariable)
    {
        var home = getVariable("HOME");
        return new XdgDirectories(
            Path.Combine(BaseDirectory(getVariable("XDG_CONFIG_HOME"), home, ".config", "XDG_CONFIG_HOME"), ApplicationName),
            Path.Combine(BaseDirectory(getVariable("XDG_DATA_HOME"), home, Path.Combine(".local", "share"), "XDG_DATA_HOME"), ApplicationName));
    }

    /// <summary>The configuration file: absolute as given, otherwise relative to <see cref="ConfigDirectory"/>.</summary>
    public string ResolveConfigFile(string? configOption) =>
        Path.IsPathRooted(configOption) ? configOption : Path.Combine(ConfigDirectory, configOption ?? "config");

    /// <summary>The database file: absolute as given, otherwise relative to <see cref="DataDirectory"/>.</summary>
    public string ResolveDatabase(string database) =>
        Path.IsPathRooted(database) ? database : Path.Combine(DataDirectory, database);

    private static string BaseDirectory(string? xdgValue, string? home, string fallback, string variable)
    {
        if (!string.IsNullOrEmpty(xdgValue) && Path.IsPathRooted(xdgValue))
        {
            return xdgValue;
        }

        if (string.IsNullOrEmpty(home) || !Path.IsPathRooted(home))
        {
            throw new ConfigException($"neither {variable} nor HOME is set to an absolute directory");
        }

        return Path.Combine(home, fallback);
    }
}
