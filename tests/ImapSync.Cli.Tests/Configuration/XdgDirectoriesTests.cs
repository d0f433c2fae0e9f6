using ImapSync.Cli.Configuration;

namespace ImapSync.Cli.Tests.Configuration;

public class XdgDirectoriesTests
{
    private static Func<string, string?> Env(params (string Name, string Value)[] values) =>
        name => values.FirstOrDefault(v => v.Name == name).Value;

    [Fact]
    public void XDG_variables_are_used_when_absolute()
    {
        var dirs = XdgDirectories.FromEnvironment(Env(("HOME", "/h"), ("XDG_CONFIG_HOME", "/c"), ("XDG_DATA_HOME", "/d")));
        Assert.Equal("/c/imapsync", dirs.ConfigDirectory);
        Assert.Equal("/d/imapsync", dirs.DataDirectory);
    }

    [Fact]
    public void HOME_fallbacks_and_relative_XDG_values_ignored()
    {
        var dirs = XdgDirectories.FromEnvironment(Env(("HOME", "/h"), ("XDG_CONFIG_HOME", "rel")));
        Assert.Equal("/h/.config/imapsync", dirs.ConfigDirectory);
        Assert.Equal("/h/.local/share/imapsync", dirs.DataDirectory);
    }

    [Fact]
    public void Config_option_is_relative_to_the_config_directory_unless_absolute()
    {
        var dirs = new XdgDirectories("/c/imapsync", "/d/imapsync");
        Assert.Equal("/c/imapsync/config", dirs.ResolveConfigFile(null));
        Assert.Equal("/c/imapsync/work", dirs.ResolveConfigFile("work"));
        Assert.Equal("/etc/x", dirs.ResolveConfigFile("/etc/x"));
        Assert.Equal("/d/imapsync/a.db", dirs.ResolveDatabase("a.db"));
        Assert.Equal("/var/a.db", dirs.ResolveDatabase("/var/a.db"));
    }

    [Fact]
    public void No_HOME_and_no_XDG_is_an_error()
    {
        var e = Assert.Throws<ConfigException>(() => XdgDirectories.FromEnvironment(Env()));
        Assert.Contains("XDG_CONFIG_HOME", e.Message, StringComparison.Ordinal);
    }
}
