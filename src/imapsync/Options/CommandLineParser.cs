using Imap.Sync;
using System.CommandLine;
using System.Globalization;

namespace ImapSync.Cli.Options;

/// <summary>
/// Parses the command line with System.CommandLine, InterIMAP-style: options come before the
/// mailbox names (the first name ends the options, as with POSIX getopt; <c>--</c> too), no
/// abbreviations, <c>-q</c> and <c>-h</c> bundle, <c>--debug</c> counts, <c>--watch</c> takes an
/// optional number (<c>--watch=30</c> or <c>--watch 30</c>). Response files (<c>@file</c>) are off:
/// a mailbox name may start with <c>@</c>.
/// </summary>
internal static class CommandLineParser
{
    private static readonly TimeSpan DefaultWatch = TimeSpan.FromSeconds(60);
    private static readonly TimeSpan DefaultNotifyWatch = TimeSpan.FromSeconds(900);

    private static readonly Option<string> Config = new("--config") { HelpName = "FILE" };
    private static readonly Option<bool> Quiet = new("--quiet", "-q") { Arity = ArgumentArity.Zero };
    private static readonly Option<bool> Debug = new("--debug") { Arity = ArgumentArity.Zero };
    private static readonly Option<string[]> Target = new("--target") { HelpName = "TARGET" };
    private static readonly Option<bool> Repair = new("--repair") { Arity = ArgumentArity.Zero };
    private static readonly Option<bool> Delete = new("--delete") { Arity = ArgumentArity.Zero };
    private static readonly Option<bool> Rename = new("--rename") { Arity = ArgumentArity.Zero };
    private static readonly Option<string> Watch = new("--watch") { Arity = ArgumentArity.ZeroOrOne, HelpName = "SECONDS" };
    private static readonly Option<bool> Notify = new("--notify") { Arity = ArgumentArity.Zero };
    private static readonly Option<bool> Json = new("--json") { Arity = ArgumentArity.Zero };
    private static readonly Option<bool> AllowMassExpunge = new("--allow-mass-expunge") { Arity = ArgumentArity.Zero };
    private static readonly Option<bool> Version = new("--version") { Arity = ArgumentArity.Zero };
    private static readonly Option<bool> Help = new("--help", "-h") { Arity = ArgumentArity.Zero };
    private static readonly Argument<string[]> Mailboxes = new("MAILBOX") { Arity = ArgumentArity.ZeroOrMore };

    /// <summary>Options whose value may be the next word (<c>--config FILE</c>).</summary>
    private static readonly string[] OptionsWithValue = ["--config", "--target"];

    private static readonly RootCommand Root = BuildCommand();

    public static CliOptions Parse(IReadOnlyList<string> args)
    {
        var result = Root.Parse(RequireOrder(args), new ParserConfiguration { ResponseFileTokenReplacer = null });
        if (result.Errors.Count > 0)
        {
            throw new UsageException(result.Errors[0].Message);
        }

        var options = new CliOptions
        {
            ShowHelp = result.GetValue(Help),
            ShowVersion = result.GetValue(Version),
        };
        if (options.ShowHelp || options.ShowVersion)
        {
            return options;
        }

        var command = ReadCommand(result);
        var mailboxes = (result.GetValue(Mailboxes) ?? []).Select(NormaliseMailbox).ToList();
        var notify = result.GetValue(Notify);
        var watchGiven = result.GetResult(Watch) is not null;
        TimeSpan? watch = watchGiven || notify ? ReadWatch(result.GetValue(Watch), notify) : null;
        var targetsGiven = result.GetResult(Target) is not null;
        var targets = targetsGiven ? ReadTargets(result.GetValue(Target) ?? []) : SyncTargets.All;

        if (command != SyncCommand.Sync && watch is not null)
        {
            throw new UsageException($"--{Name(command)} cannot be combined with --watch or --notify");
        }

        if (targetsGiven && command is not (SyncCommand.Delete or SyncCommand.Rename))
        {
            throw new UsageException("--target only applies to --delete and --rename");
        }

        if (command == SyncCommand.Delete && mailboxes.Count == 0)
        {
            throw new UsageException("--delete needs at least one MAILBOX");
        }

        if (command == SyncCommand.Rename && mailboxes.Count != 2)
        {
            throw new UsageException("--rename needs exactly two arguments: SOURCE DEST");
        }

        return options with
        {
            ConfigFile = result.GetValue(Config),
            Quiet = result.GetValue(Quiet),
            DebugLevel = result.GetResult(Debug)?.IdentifierTokenCount ?? 0,
            Command = command,
            Targets = targets,
            WatchInterval = watch,
            Notify = notify,
            Json = result.GetValue(Json),
            AllowMassExpunge = result.GetValue(AllowMassExpunge),
            Mailboxes = mailboxes,
        };
    }

    private static RootCommand BuildCommand()
    {
        var root = new RootCommand("imapsync");
        root.Options.Clear(); // our own --help and --version (manual-page text, plain version line)
        foreach (var option in new Option[] { Config, Quiet, Debug, Target, Repair, Delete, Rename, Watch, Notify, Json, AllowMassExpunge, Version, Help })
        {
            root.Options.Add(option);
        }

        root.Arguments.Add(Mailboxes);
        return root;
    }

    /// <summary>
    /// Puts <c>--</c> before the first word that is not an option or an option's value, so that
    /// everything after it is a mailbox name even when it starts with a dash.
    /// </summary>
    private static List<string> RequireOrder(IReadOnlyList<string> args)
    {
        var output = new List<string>(args.Count + 1);
        for (var i = 0; i < args.Count; i++)
        {
            var arg = args[i];
            if (arg == "--" || arg.Length < 2 || arg[0] != '-')
            {
                output.Add("--");
                output.AddRange(args.Skip(arg == "--" ? i + 1 : i));
                return output;
            }

            CheckKnown(arg);
            output.Add(arg);
            if (OptionsWithValue.Contains(arg, StringComparer.Ordinal) && i + 1 < args.Count)
            {
                output.Add(args[++i]);
            }
            else if (arg == "--watch")
            {
                // An optional value: only a number that follows belongs to --watch.
                output[^1] = i + 1 < args.Count && args[i + 1].Length > 0 && args[i + 1].All(char.IsAsciiDigit)
                    ? "--watch=" + args[++i]
                    : "--watch=";
            }
        }

        return output;
    }

    /// <summary>
    /// Refuses unknown options here: System.CommandLine would take them as mailbox names.
    /// Long options are exact (no abbreviations); short ones may be bundled (<c>-qh</c>).
    /// </summary>
    private static void CheckKnown(string arg)
    {
        var known = arg.StartsWith("--", StringComparison.Ordinal)
            ? Root.Options.Any(o => o.Name == arg.Split('=')[0])
            : arg.Skip(1).All(c => c is 'q' or 'h');
        if (!known)
        {
            throw new UsageException($"unknown option '{arg}' (see imapsync --help)");
        }
    }

    private static SyncCommand ReadCommand(ParseResult result)
    {
        var chosen = new List<SyncCommand>();
        if (result.GetValue(Repair))
        {
            chosen.Add(SyncCommand.Repair);
        }

        if (result.GetValue(Delete))
        {
            chosen.Add(SyncCommand.Delete);
        }

        if (result.GetValue(Rename))
        {
            chosen.Add(SyncCommand.Rename);
        }

        return chosen.Count switch
        {
            0 => SyncCommand.Sync,
            1 => chosen[0],
            _ => throw new UsageException(
                $"--{Name(chosen[0])} and --{Name(chosen[1])} cannot be combined; run them one after the other"),
        };
    }

    private static TimeSpan ReadWatch(string? value, bool notify)
    {
        if (string.IsNullOrEmpty(value))
        {
            return notify ? DefaultNotifyWatch : DefaultWatch;
        }

        if (!uint.TryParse(value, NumberStyles.None, CultureInfo.InvariantCulture, out var seconds))
        {
            throw new UsageException($"--watch: '{value}' is not a number of seconds");
        }

        return seconds == 0 ? (notify ? DefaultNotifyWatch : DefaultWatch) : TimeSpan.FromSeconds(seconds);
    }

    private static SyncTargets ReadTargets(string[] values)
    {
        var targets = SyncTargets.None;
        foreach (var value in values.SelectMany(v => v.Split(',')))
        {
            targets |= value switch
            {
                "local" => SyncTargets.Local,
                "remote" => SyncTargets.Remote,
                "database" => SyncTargets.Database,
                _ => throw new UsageException($"--target: invalid target '{value}' (expected local, remote or database)"),
            };
        }

        return targets;
    }

    private static string NormaliseMailbox(string name)
    {
        if (name.Length == 0 || name.Any(c => c is '\0' or > '\x7f'))
        {
            throw new UsageException(
                $"invalid mailbox name '{name}': names are given in modified UTF-7 (ASCII), e.g. 'Entw&APw-rfe'");
        }

        return name.Equals("INBOX", StringComparison.OrdinalIgnoreCase) ? "INBOX" : name;
    }

    private static string Name(SyncCommand command) => command.ToString().ToLowerInvariant();
}
