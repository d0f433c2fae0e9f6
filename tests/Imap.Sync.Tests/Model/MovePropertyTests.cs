using FsCheck.Xunit;
using Imap.Sync.Engine;
using Imap.Sync.Tests.Engine;
using Imap.Sync.Tests.Fakes;

namespace Imap.Sync.Tests.Model;

/// <summary>
/// Moves between mailboxes against the in-memory servers, with lanes: the whole account in one wave
/// (read before anything is written), a wave per mailbox, or one mailbox per pair of extra connections
/// (both with the account's moves looked for before the mailboxes are synchronized), checked by a model of where every message must end up: each message of a
/// settled account of three mailboxes is kept, moved or deleted on each side, its flags maybe changed
/// after, and new mail arrives; either server may give messages ids kept across moves (EMAILID). After one run both servers hold exactly what the model says, and the
/// database records exactly that (a move replayed or not, no message is lost or duplicated beyond what
/// the rules ask).
/// </summary>
public sealed class MovePropertyTests
{
    private static readonly string[] Boxes = ["INBOX", "a", "a/b"];
    private static readonly string[] FlagNames = ["\\Answered", "\\Flagged", "\\Seen"];

    [Property(MaxTest = 90, Arbitrary = [typeof(MoveScenarioArbitraries)])]
    public async Task One_run_after_moves_on_both_sides_ends_where_the_model_says(MoveScenario scenario)
    {
        using var h = new SyncHarness(inMemoryDirectory: true)
        {
            Lanes = true,
            Options = new SyncOptions
            {
                MaxChangeSource = scenario.Source,
                LanesPerWave = scenario.Path == MovePath.WaveEach ? 1 : LaneWaves.MaxLanes,
                LargeCopyMessages = scenario.Path == MovePath.ExtraConnections ? 0 : ConnectionRule.LargeCopyMessages,
            },
            ConnectionsInFlight = scenario.Path == MovePath.ExtraConnections ? 2 : 1,
            LocalFeatures = FakeMailServer.AllFeatures with { ObjectId = scenario.LocalIds },
            RemoteFeatures = FakeMailServer.AllFeatures with { ObjectId = scenario.RemoteIds },
        };
        foreach (var box in Boxes[1..])
        {
            h.Local.Create(box);
        }

        for (var i = 0; i < scenario.Messages.Length; i++)
        {
            var m = scenario.Messages[i];
            h.Local.Deliver(Boxes[m.Mailbox], Text(i, m.HasMessageId), Flags(m.Flags));
        }

        Assert.Empty((await h.SyncAsync()).Errors);
        for (var i = 0; i < scenario.Messages.Length; i++)
        {
            var m = scenario.Messages[i];
            Apply(h.Local, m, m.Local, Text(i, m.HasMessageId));
            Apply(h.Remote, m, m.Remote, Text(i, m.HasMessageId));
        }

        for (var i = 0; i < scenario.Arrivals.Length; i++)
        {
            var n = scenario.Arrivals[i];
            var server = n.Local ? h.Local : h.Remote;
            server.Deliver(OnServer(server, Boxes[n.Mailbox]), $"Message-ID: <new{i}@x>\r\n\r\nnew{i}", Flags(n.Flags));
        }

        var summary = await h.SyncAsync();

        Assert.Empty(summary.Errors);
        // Whatever the path, a replayed move copies nothing: only new mail and what the model cannot call a move is copied.
        Assert.Equal(Copies(scenario), summary.MessagesCopiedToLocal + summary.MessagesCopiedToRemote);
        var expected = Expected(scenario);
        Assert.Equal(expected, Contents(h.Local));
        Assert.Equal(expected, Contents(h.Remote));
        h.AssertConverged();
    }

    // Where each message must be, as "mailbox: text [flags]" lines, sorted.
    private static List<string> Expected(MoveScenario scenario)
    {
        var lines = new List<string>();
        for (var i = 0; i < scenario.Messages.Length; i++)
        {
            var m = scenario.Messages[i];
            var text = $"m{i}";
            var local = m.Local.Flags ?? m.Flags;   // what each side holds now
            var remote = m.Remote.Flags ?? m.Flags;
            var (l, r) = (m.Local.Action, m.Remote.Action);
            var localTo = Target(m, m.Local);
            var remoteTo = Target(m, m.Remote);
            if (l == MoveAction.Delete && r == MoveAction.Delete)
            {
                continue;
            }

            if (l == MoveAction.Move && r == MoveAction.Move)
            {
                // Moved the same way on both: paired, flags never agreed (the union); else each side's copy goes to the other.
                if (localTo == remoteTo && (m.HasMessageId || (scenario.LocalIds && scenario.RemoteIds)))
                {
                    lines.Add(Line(localTo, text, local | remote));
                }
                else
                {
                    lines.Add(Line(localTo, text, local));
                    lines.Add(Line(remoteTo, text, remote));
                }
            }
            else if (l == MoveAction.Delete || r == MoveAction.Delete)
            {
                // Deleted on one side: gone, unless the other side moved it (then it is new there, and copied).
                if (l == MoveAction.Move || r == MoveAction.Move)
                {
                    lines.Add(Line(l == MoveAction.Move ? localTo : remoteTo, text, l == MoveAction.Move ? local : remote));
                }
            }
            else if (l == MoveAction.Move && !m.HasMessageId && !scenario.LocalIds)
            {
                lines.Add(Line(localTo, text, local)); // not identified: an expunge and a copy, the moving side's flags
            }
            else if (r == MoveAction.Move && !m.HasMessageId && !scenario.RemoteIds)
            {
                lines.Add(Line(remoteTo, text, remote));
            }
            else
            {
                // Kept on both, or moved on one side and replayed: the usual flag merge.
                lines.Add(Line(l == MoveAction.Move ? localTo : remoteTo, text, Merge(m.Flags, m.Local.Flags, m.Remote.Flags)));
            }
        }

        for (var i = 0; i < scenario.Arrivals.Length; i++)
        {
            lines.Add(Line(scenario.Arrivals[i].Mailbox, $"new{i}", scenario.Arrivals[i].Flags));
        }

        lines.Sort(StringComparer.Ordinal);
        return lines;
    }

    // Messages the run must copy: the new mail, a message moved on one side and deleted on the other, a
    // move not identified (no Message-ID, no id) and each side's copy of one moved differently on both.
    private static int Copies(MoveScenario scenario) => scenario.Arrivals.Length + scenario.Messages.Sum(m =>
    {
        var (l, r) = (m.Local.Action, m.Remote.Action);
        return (l, r) switch
        {
            (MoveAction.Move, MoveAction.Move) => Target(m, m.Local) == Target(m, m.Remote) && (m.HasMessageId || (scenario.LocalIds && scenario.RemoteIds)) ? 0 : 2,
            (MoveAction.Move, MoveAction.Delete) or (MoveAction.Delete, MoveAction.Move) => 1,
            (MoveAction.Move, _) => !m.HasMessageId && !scenario.LocalIds ? 1 : 0,
            (_, MoveAction.Move) => !m.HasMessageId && !scenario.RemoteIds ? 1 : 0,
            _ => 0,
        };
    });

    // One side changed (to something else): its flags; both: the union; neither: the agreed ones.
    private static int Merge(int agreed, int? local, int? remote)
    {
        var localDid = local is { } l && l != agreed;
        var remoteDid = remote is { } r && r != agreed;
        return (localDid, remoteDid) switch
        {
            (false, false) => agreed,
            (true, false) => local!.Value,
            (false, true) => remote!.Value,
            _ => local!.Value | remote!.Value,
        };
    }

    private static int Target(MovedMessage m, SideEdit edit) => edit.Action == MoveAction.Move ? (m.Mailbox + edit.Offset) % Boxes.Length : m.Mailbox;

    private static void Apply(FakeServer server, MovedMessage m, SideEdit edit, string text)
    {
        var box = OnServer(server, Boxes[m.Mailbox]);
        var uid = server[box].Messages.Values.Single(x => x.Text == text).Uid;
        switch (edit.Action)
        {
            case MoveAction.Delete:
                server[box].Expunge(uid);
                return;
            case MoveAction.Move:
                var to = OnServer(server, Boxes[Target(m, edit)]);
                uid = server.Move(box, uid, to);
                box = to;
                break;
            default:
                break;
        }

        if (edit.Flags is { } flags)
        {
            server[box].SetFlags(uid, Flags(flags));
        }
    }

    private static List<string> Contents(FakeServer server) =>
        [.. Boxes.SelectMany(box => MoveReplayTests.Texts(server, OnServer(server, box)).Select(t => $"{box}: {t}")).Order(StringComparer.Ordinal)];

    private static string Line(int mailbox, string text, int flags) => $"{Boxes[mailbox]}: {text} [{string.Join(' ', Flags(flags))}]";

    private static string[] Flags(int mask) => [.. FlagNames.Where((_, i) => (mask & (1 << i)) != 0)];

    private static string Text(int i, bool hasMessageId) => hasMessageId ? $"Message-ID: <m{i}@x>\r\n\r\nm{i}" : $"Subject: m{i}\r\n\r\nm{i}";

    private static string OnServer(FakeServer server, string name) => server.Delimiter is { } d ? name.Replace('/', d) : name;
}
