using FsCheck.Xunit;
using Imap.Sync.Tests.Engine;
using Imap.Sync.Tests.Fakes;

namespace Imap.Sync.Tests.Model;

/// <summary>
/// The rename rules against the in-memory servers, checked by a model: mailboxes renamed (a parent with
/// its child, in place or into a new parent) on either or both sides, with moves and new mail around
/// them. Renamed on one side, or the same way on both: one run ends with both servers holding every
/// message once, in the mailbox the model names, and the database agreeing. Renamed differently on the
/// two sides (or where nothing proves a rename: see <see cref="Unprovable(RenameScenario)"/>): the run
/// stops (exit 4) with each server still holding each of its messages once. Never a message lost or duplicated.
/// </summary>
public sealed class RenamePropertyTests
{
    // The settled account: mailbox of each message (0 INBOX, 1 a, 2 a/c, 3 b).
    private static readonly int[] Homes = [0, 1, 1, 2, 3];
    private static readonly string[] Names = ["INBOX", "a", "a/c", "b"];

    [Property(MaxTest = 40, Arbitrary = [typeof(RenameScenarioArbitraries)])]
    public async Task Renames_on_either_or_both_sides_converge_or_stop_without_changing_anything(RenameScenario scenario)
    {
        using var h = new SyncHarness(inMemoryDirectory: true)
        {
            Lanes = scenario.Lanes,
            RemoteFeatures = FakeMailServer.AllFeatures with { ObjectId = scenario.RemoteMailboxIds },
        };
        h.Local.Create("b");
        for (var i = 0; i < Homes.Length; i++)
        {
            h.Local.Deliver(Names[Homes[i]], $"Message-ID: <m{i}@x>\r\n\r\nm{i}");
        }

        Assert.Empty((await h.SyncAsync()).Errors);
        Assert.Empty((await h.SyncAsync()).Errors); // records the MAILBOXIDs the first run's mailboxes got

        Rename(h.Local, scenario.Local);
        Rename(h.Remote, scenario.Remote);
        foreach (var move in scenario.Moves)
        {
            var (server, renames) = move.Local ? (h.Local, scenario.Local) : (h.Remote, scenario.Remote);
            var from = OnServer(server, Name(Homes[move.Message], renames));
            server.Move(from, server.UidOf(from, $"Message-ID: <m{move.Message}@x>\r\n\r\nm{move.Message}"), OnServer(server, Name(move.To, renames)));
        }

        for (var i = 0; i < scenario.Mail.Length; i++)
        {
            var (server, renames) = scenario.Mail[i].Local ? (h.Local, scenario.Local) : (h.Remote, scenario.Remote);
            server.Deliver(OnServer(server, Name(scenario.Mail[i].Box, renames)), $"Message-ID: <new{i}@x>\r\n\r\nnew{i}");
        }

        var before = (Local: Contents(h.Local), Remote: Contents(h.Remote));
        SyncSummary summary;
        try
        {
            summary = await h.SyncAsync();
        }
        catch (SyncException stop) when (Doubtful(scenario) || Unprovable(scenario))
        {
            // Exit 4: the run names the problem and leaves it alone (a rename of another mailbox may have
            // been replayed before); each server still holds each of its messages once.
            Assert.Contains("Nothing was changed", stop.Message, StringComparison.Ordinal);
            Assert.Equal(Messages(before.Local), Messages(Contents(h.Local)));
            Assert.Equal(Messages(before.Remote), Messages(Contents(h.Remote)));
            return;
        }

        Assert.False(Doubtful(scenario), "renamed differently on the two sides, yet the run went on");
        Assert.Empty(summary.Errors);
        var expected = Expected(scenario);
        Assert.Equal(expected, Contents(h.Local));
        Assert.Equal(expected, Contents(h.Remote));
        h.AssertConverged();
    }

    // `a` or `b` renamed to different names on the two sides.
    private static bool Doubtful(RenameScenario s) =>
        (s.Local.A != 0 && s.Remote.A != 0 && s.Local.A != s.Remote.A) || (s.Local.B != 0 && s.Remote.B != 0 && s.Local.B != s.Remote.B);

    // A mailbox renamed on a side that gives no MAILBOXID, whose messages all moved out there since:
    // nothing shows it is the one renamed (the rule asks that it hold its mapped messages), so a stop is allowed.
    private static bool Unprovable(RenameScenario s) =>
        Enumerable.Range(1, 3).Any(box => Unprovable(s, box, s.Local, local: true) || (!s.RemoteMailboxIds && Unprovable(s, box, s.Remote, local: false)));

    private static bool Unprovable(RenameScenario s, int box, SideRenames renames, bool local) =>
        (box == 3 ? renames.B : renames.A) != 0
        && Enumerable.Range(0, Homes.Length).Where(i => Homes[i] == box).All(i => s.Moves.Any(m => m.Message == i && m.Local == local)); // a move within the mailbox gives a new UID too

    // Each message (and new mail) as "mailbox: text" in the mailbox it must end in, sorted.
    private static List<string> Expected(RenameScenario s)
    {
        var agreed = new SideRenames(s.Local.A != 0 ? s.Local.A : s.Remote.A, s.Local.B != 0 ? s.Local.B : s.Remote.B);
        var lines = new List<string>();
        for (var i = 0; i < Homes.Length; i++)
        {
            var box = s.Moves.FirstOrDefault(m => m.Message == i)?.To ?? Homes[i];
            lines.Add($"{Name(box, agreed)}: m{i}");
        }

        lines.AddRange(s.Mail.Select((mail, i) => $"{Name(mail.Box, agreed)}: new{i}"));
        lines.Sort(StringComparer.Ordinal);
        return lines;
    }

    // The name of mailbox `box` after `renames`, '/' as delimiter.
    private static string Name(int box, SideRenames renames) => box switch
    {
        1 => NewName("a", renames.A),
        2 => NewName("a", renames.A) + "/c",
        3 => NewName("b", renames.B),
        _ => "INBOX",
    };

    private static string NewName(string name, int rename) => rename switch
    {
        1 => name + "1",
        2 => (name == "a" ? "n/" : "m/") + name + "2",
        _ => name,
    };

    private static void Rename(FakeServer server, SideRenames renames)
    {
        foreach (var (name, rename) in new[] { ("a", renames.A), ("b", renames.B) })
        {
            if (rename != 0)
            {
                server.Rename(name, OnServer(server, NewName(name, rename)));
            }
        }
    }

    // Every message of every mailbox as "mailbox: text" ('/' as delimiter), sorted; empty mailboxes (new parents) leave no line.
    private static List<string> Contents(FakeServer server) =>
        [.. server.Mailboxes.Keys.SelectMany(box => MoveReplayTests.Texts(server, box).Select(t => $"{Neutral(server, box)}: {t[..t.IndexOf(' ', StringComparison.Ordinal)]}")).Order(StringComparer.Ordinal)];

    private static List<string> Messages(List<string> contents) => [.. contents.Select(line => line[(line.IndexOf(": ", StringComparison.Ordinal) + 2)..]).Order(StringComparer.Ordinal)];

    private static string OnServer(FakeServer server, string name) => server.Delimiter is { } d ? name.Replace('/', d) : name;

    private static string Neutral(FakeServer server, string name) => server.Delimiter is { } d ? name.Replace(d, '/') : name;
}
