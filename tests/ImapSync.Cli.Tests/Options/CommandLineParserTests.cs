using Imap.Sync;
using ImapSync.Cli.Options;

namespace ImapSync.Cli.Tests.Options;

public class CommandLineParserTests
{
    private static CliOptions Parse(params string[] args) => CommandLineParser.Parse(args);

    private static string Refused(params string[] args) => Assert.Throws<UsageException>(() => Parse(args)).Message;

    [Fact]
    public void No_arguments_is_a_plain_sync_of_everything()
    {
        var o = Parse();
        Assert.Equal(SyncCommand.Sync, o.Command);
        Assert.Null(o.ConfigFile);
        Assert.False(o.Quiet);
        Assert.Equal(0, o.DebugLevel);
        Assert.Null(o.WatchInterval);
        Assert.Equal(SyncTargets.All, o.Targets);
        Assert.Empty(o.Mailboxes);
    }

    [Theory]
    [InlineData("--config=work")]
    [InlineData("--config", "work")]
    public void Config_with_equals_or_separate_value(params string[] args)
    {
        Assert.Equal("work", Parse(args).ConfigFile);
    }

    [Theory]
    [InlineData(1, "--debug")]
    [InlineData(2, "--debug", "--debug")]
    [InlineData(3, "--debug", "--debug", "--debug")]
    public void Debug_counts_its_occurrences(int level, params string[] args)
    {
        Assert.Equal(level, Parse(args).DebugLevel);
    }

    [Theory]
    [InlineData("-q")]
    [InlineData("--quiet")]
    [InlineData("-qq")]
    public void Quiet_short_long_and_bundled(string arg)
    {
        Assert.True(Parse(arg).Quiet);
    }

    [Theory]
    [InlineData(60, "--watch")]
    [InlineData(60, "--watch=")]
    [InlineData(60, "--watch=0")]
    [InlineData(30, "--watch=30")]
    [InlineData(30, "--watch", "30")]
    [InlineData(900, "--notify")]
    [InlineData(900, "--watch", "--notify")]
    [InlineData(45, "--notify", "--watch=45")]
    public void Watch_interval_defaults_like_InterIMAP(int seconds, params string[] args)
    {
        Assert.Equal(TimeSpan.FromSeconds(seconds), Parse(args).WatchInterval);
    }

    [Fact]
    public void Watch_followed_by_a_name_leaves_the_name_as_a_mailbox()
    {
        var o = Parse("--watch", "INBOX");
        Assert.Equal(TimeSpan.FromSeconds(60), o.WatchInterval);
        Assert.Equal(["INBOX"], o.Mailboxes);
    }

    [Fact]
    public void Options_end_at_the_first_mailbox_name()
    {
        var o = Parse("--quiet", "INBOX", "--debug");
        Assert.Equal(["INBOX", "--debug"], o.Mailboxes);
        Assert.Equal(0, o.DebugLevel);
    }

    [Fact]
    public void Double_dash_ends_the_options()
    {
        Assert.Equal(["-odd", "@at"], Parse("--", "-odd", "@at").Mailboxes);
    }

    [Fact]
    public void Inbox_in_any_case_becomes_INBOX()
    {
        Assert.Equal(["INBOX", "inbox/sub"], Parse("inBox", "inbox/sub").Mailboxes);
    }

    [Fact]
    public void Delete_rename_repair_with_targets()
    {
        var d = Parse("--target=local,database", "--delete", "a", "b");
        Assert.Equal((SyncCommand.Delete, SyncTargets.Local | SyncTargets.Database), (d.Command, d.Targets));
        Assert.Equal(["a", "b"], d.Mailboxes);
        var r = Parse("--rename", "--target", "remote", "--target=local", "old", "new");
        Assert.Equal((SyncCommand.Rename, SyncTargets.Remote | SyncTargets.Local), (r.Command, r.Targets));
        Assert.Equal(SyncCommand.Repair, Parse("--repair").Command);
    }

    [Fact]
    public void Help_and_version_win_over_everything_else()
    {
        Assert.True(Parse("-h").ShowHelp);
        Assert.True(Parse("--delete", "--help").ShowHelp);
        Assert.True(Parse("--version").ShowVersion);
    }

    [Fact]
    public void Json()
    {
        Assert.True(Parse("--json").Json);
    }

    [Theory]
    [InlineData("--delete", "--delete needs at least one MAILBOX")]
    [InlineData("--rename a", "--rename needs exactly two arguments")]
    [InlineData("--rename a b c", "--rename needs exactly two arguments")]
    [InlineData("--repair --watch", "--repair cannot be combined with --watch or --notify")]
    [InlineData("--delete --notify x", "--delete cannot be combined with --watch or --notify")]
    [InlineData("--rename --watch=5 a b", "--rename cannot be combined")]
    [InlineData("--repair --delete x", "--repair and --delete cannot be combined")]
    [InlineData("--target=local", "--target only applies to --delete and --rename")]
    [InlineData("--target=local --repair", "--target only applies")]
    [InlineData("--target=nowhere --delete x", "invalid target 'nowhere'")]
    [InlineData("--watch=abc", "'abc' is not a number")]
    [InlineData("--del x", "--del")]
    [InlineData("--Quiet", "--Quiet")]
    [InlineData("-x", "-x")]
    [InlineData("caf\u00e9", "modified UTF-7")]
    public void Refused_combinations_say_why(string commandLine, string message)
    {
        Assert.Contains(message, Refused(commandLine.Split(' ')), StringComparison.Ordinal);
    }
}
