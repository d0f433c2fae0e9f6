using Imap.Sync;
using ImapSync.Cli.Configuration;
using ImapSync.Cli.Options;
using ImapSync.Cli.Wiring;

namespace ImapSync.Cli.Tests.Configuration;

/// <summary>The mass-expunge safety valve's keys and flag, down to the engine's options.</summary>
public class MassExpungeConfigTests
{
    private const string Servers = "[local]\ntype = tunnel\ncommand = x\n[remote]\nhost = h\nusername = u\npassword = p\n";

    private static MassExpungeLimit? Limit(string keys, params string[] args) =>
        EngineSessionFactory.SyncOptionsFor(
            ConfigLoader.Parse(keys + Servers, "/c/config", new XdgDirectories("/c", "/d")),
            CommandLineParser.Parse(args)).MassExpungeLimit;

    [Fact]
    public void On_by_default_at_100_messages_and_half_the_mailbox()
    {
        Assert.Equal(new MassExpungeLimit(100, 0.5), Limit(""));
    }

    [Fact]
    public void The_threshold_key_sets_the_message_bound()
    {
        Assert.Equal(new MassExpungeLimit(20, 0.5), Limit("mass-expunge-threshold = 20\n"));
    }

    [Theory]
    [InlineData("allow-mass-expunge = yes\n")]
    [InlineData("allow-mass-expunge = YES\nmass-expunge-threshold = 20\n")]
    public void The_key_turns_it_off(string keys)
    {
        Assert.Null(Limit(keys));
    }

    [Fact]
    public void The_flag_turns_it_off_for_the_run()
    {
        Assert.Null(Limit("allow-mass-expunge = no\n", "--allow-mass-expunge"));
        Assert.NotNull(Limit("allow-mass-expunge = no\n"));
    }

    [Theory]
    [InlineData("allow-mass-expunge = maybe\n", "allow-mass-expunge")]
    [InlineData("mass-expunge-threshold = -1\n", "mass-expunge-threshold")]
    [InlineData("mass-expunge-threshold = lots\n", "mass-expunge-threshold")]
    public void Bad_values_are_config_errors_naming_the_key(string keys, string key)
    {
        var e = Assert.Throws<ConfigException>(() => Limit(keys));
        Assert.Contains(key, e.Message, StringComparison.Ordinal);
    }
}
