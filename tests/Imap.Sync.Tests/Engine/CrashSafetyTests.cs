using Imap.Sync.Tests.Fakes;

namespace Imap.Sync.Tests.Engine;

/// <summary>
/// Kills the run at every server operation of an initial copy, a flag sync and an expunge sync (before
/// the server acts, and after it acted but before we heard back), then lets later runs finish. The end
/// state must equal that of an uninterrupted run: nothing lost, nothing duplicated, same flags.
/// </summary>
public sealed class CrashSafetyTests
{
    public static TheoryData<string, bool, bool> Cases()
    {
        var data = new TheoryData<string, bool, bool>();
        foreach (var scenario in new[] { "initial", "flags", "expunge", "mixed", "adopt", "uidvalidity" })
        {
            data.Add(scenario, false, false);
            data.Add(scenario, true, false);
        }

        // The same sweeps with every mailbox on its own lane (all at once, a read barrier between
        // reads and writes): a kill in one lane ends the run while the others go on to their end.
        foreach (var scenario in new[] { "mixed", "uidvalidity" })
        {
            data.Add(scenario, false, true);
            data.Add(scenario, true, true);
        }

        return data;
    }

    [Theory]
    [MemberData(nameof(Cases))]
    public async Task Killed_anywhere_the_next_runs_converge_without_loss_or_duplicates(string scenario, bool afterServerApplied, bool lanes)
    {
        var expected = await ReferenceOutcomeAsync(scenario, lanes);
        if (scenario == "adopt")
        {
            // The uninterrupted run adopted the shared messages (one of each) and merged their flags.
            Assert.Single(expected, l => l.StartsWith("INBOX: Message-ID: <s0@x>", StringComparison.Ordinal) && l.EndsWith("[\\Flagged \\Seen]", StringComparison.Ordinal));
            Assert.Equal(2, expected.Count(l => l.Contains("<twice@x>", StringComparison.Ordinal)));
        }

        if (scenario == "uidvalidity")
        {
            // The uninterrupted run re-paired, copied <l1@x> back and <new@x> over, kept \Seen on <l0@x>
            // (union), and duplicated the message without Message-ID (never re-paired).
            Assert.Single(expected, l => l.StartsWith("INBOX: Message-ID: <l1@x>", StringComparison.Ordinal));
            Assert.Single(expected, l => l.StartsWith("INBOX: Message-ID: <new@x>", StringComparison.Ordinal));
            Assert.Single(expected, l => l.StartsWith("INBOX: Message-ID: <l0@x>", StringComparison.Ordinal) && l.EndsWith("[\\Seen]", StringComparison.Ordinal));
            Assert.Single(expected, l => l.StartsWith("INBOX: Message-ID: <r2@x>", StringComparison.Ordinal) && l.EndsWith("[\\Answered]", StringComparison.Ordinal));
            Assert.Equal(2, expected.Count(l => l.StartsWith("INBOX: no message-id, remote [\\Seen]", StringComparison.Ordinal)));
            Assert.Equal(12, expected.Count(l => l.StartsWith("INBOX:", StringComparison.Ordinal)));
        }

        var killedRuns = 0;
        var resumed = 0;
        var killedAt = new HashSet<string>();
        var (beforeRepair, repairedOwing) = (0, 0);
        // With lanes the mailboxes' operations interleave differently from run to run, so the N-th
        // operation is not the same one in every run and a sweep can step over the only APPEND whose
        // kill the next run must resume: such a sweep is repeated (up to 3 times) before that is judged.
        // Killed right after an APPEND landed, the next run must find the copy again, not make it twice.
        var mustResume = afterServerApplied && scenario is "initial" or "mixed" or "adopt" or "uidvalidity";
        for (var sweep = 0; sweep == 0 || (lanes && mustResume && sweep < 3 && resumed == 0); sweep++)
        {
            for (var killAt = 1; killAt < 500; killAt++)
            {
                using var h = Prepare(scenario, lanes, out var settle);
                if (settle)
                {
                    await SettleAsync(h);
                    Change(h, scenario);
                }

                var tripwire = new Tripwire { KillAt = killAt, AfterServerApplied = afterServerApplied };
                if (!await h.SyncKilledAsync(tripwire))
                {
                    break; // the run finished before reaching this operation: every point was covered
                }

                killedRuns += tripwire.Fired ? 1 : 0;
                if (tripwire.FiredAt is { } operation)
                {
                    killedAt.Add(operation);
                }

                AssertInvariantsHold(h);
                if (scenario == "uidvalidity")
                {
                    var (stored, owing) = h.WithState(s => s.FindMailbox("INBOX") is { } inbox ? (s.GetSideStates(inbox.Id)!.Value.Remote.UidValidity, s.GetCopyIntents(inbox.Id).Count) : (0u, 0));
                    beforeRepair += stored != h.Remote["INBOX"].UidValidity ? 1 : 0;
                    repairedOwing += stored == h.Remote["INBOX"].UidValidity && owing > 0 ? 1 : 0;
                }

                h.Events.Clear();
                await h.SyncAsync();
                resumed += h.Events.Count(e => e.Message.StartsWith("Resuming interrupted sync", StringComparison.Ordinal));
                await h.SyncAsync();
                var actual = Outcome(h);
                Assert.True(expected.SequenceEqual(actual), $"kill at {killAt} ({scenario}, after={afterServerApplied}):\n expected {string.Join(" | ", expected)}\n actual   {string.Join(" | ", actual)}");
            }
        }

        Assert.True(killedRuns >= (afterServerApplied ? 2 : 5), $"only {killedRuns} kill points exercised");
        if (!afterServerApplied)
        {
            // Killed on the check that lets HIGHESTMODSEQ move past our own writes (after every write).
            Assert.Contains("FETCH CHANGES", killedAt);
        }

        if (scenario == "uidvalidity")
        {
            // Killed before the re-pairing commit (only reads come before it), and after it with copies still owed.
            Assert.True((afterServerApplied || beforeRepair > 0) && repairedOwing > 0, $"kills before the re-pairing: {beforeRepair}, after it with copies owed: {repairedOwing}");
        }

        if (mustResume)
        {
            Assert.True(resumed > 0, "no run resumed an interrupted copy");
        }
    }

    // What the database may claim right after a kill (the invariants in SyncStateStore): a mapped pair whose messages both
    // still exist is the same message; stored UIDNEXT/HIGHESTMODSEQ never run ahead of the server.
    // UIDs only mean something under their UIDVALIDITY: a state still stored under an older one (killed
    // before the recovery's commit) speaks of a mailbox that is gone, and is re-paired by the next run.
    private static void AssertInvariantsHold(SyncHarness h)
    {
        h.WithState(state =>
        {
            foreach (var row in state.GetMailboxes())
            {
                var localName = row.Name.Replace('\0', '/');
                var remoteName = row.Name.Replace('\0', '.');
                if (!h.Local.Mailboxes.TryGetValue(localName, out var local) || !h.Remote.Mailboxes.TryGetValue(remoteName, out var remote)
                    || state.GetSideStates(row.Id) is { } stored && (stored.Local.UidValidity != local.UidValidity || stored.Remote.UidValidity != remote.UidValidity))
                {
                    continue;
                }

                foreach (var pair in state.GetMappings(row.Id))
                {
                    if (local.Messages.TryGetValue(pair.LocalUid, out var l) && remote.Messages.TryGetValue(pair.RemoteUid, out var r))
                    {
                        Assert.Equal(l.Text, r.Text);
                    }
                }

                if (state.GetSideStates(row.Id) is { } sides)
                {
                    Assert.True(sides.Local.UidNext <= local.UidNext && sides.Local.HighestModSeq <= local.HighestModSeq);
                    Assert.True(sides.Remote.UidNext <= remote.UidNext && sides.Remote.HighestModSeq <= remote.HighestModSeq);
                }
            }

            return true;
        });
    }

    private static SyncHarness Prepare(string scenario, bool lanes, out bool settle)
    {
        var h = new SyncHarness { Options = new SyncOptions { AppendBatchMaxMessages = 2 }, Lanes = lanes };
        for (var i = 0; i < 5; i++)
        {
            h.Local.Deliver("INBOX", $"Message-ID: <l{i}@x>\r\n\r\nlocal {i}", i % 2 == 0 ? "\\Seen" : "$Label");
        }

        for (var i = 0; i < 4; i++)
        {
            h.Remote.Deliver("INBOX", $"Message-ID: <r{i}@x>\r\n\r\nremote {i}", "\\Flagged");
        }

        if (scenario == "adopt")
        {
            // A first sync of two populated INBOXes: shared messages (some with other flags on each
            // side), one twice locally and once remotely, and one without Message-ID on the local side.
            for (var i = 0; i < 4; i++)
            {
                h.Local.Deliver("INBOX", $"Message-ID: <s{i}@x>\r\n\r\nshared {i}", i % 2 == 0 ? "\\Seen" : "$Label");
                h.Remote.Deliver("INBOX", $"Message-ID: <s{i}@x>\r\n\r\nshared {i}", i < 2 ? "\\Flagged" : "$Label");
            }

            h.Local.Deliver("INBOX", "Message-ID: <twice@x>\r\n\r\ntwice");
            h.Local.Deliver("INBOX", "Message-ID: <twice@x>\r\n\r\ntwice", "\\Seen");
            h.Remote.Deliver("INBOX", "Message-ID: <twice@x>\r\n\r\ntwice", "\\Answered");
            h.Local.Deliver("INBOX", "no message-id, local");
        }

        if (scenario == "uidvalidity")
        {
            h.Remote.Deliver("INBOX", "no message-id, remote", "\\Seen");
        }

        h.Local.Deliver("a/b", "Message-ID: <n@x>\r\n\r\nnested");
        h.Remote.Deliver("c", "no message-id here");
        h.Remote.Deliver("c", "no message-id here"); // two identical messages must stay two
        settle = scenario is not ("initial" or "adopt");
        return h;
    }

    private static void Change(SyncHarness h, string scenario)
    {
        var local = h.Local["INBOX"];
        var remote = h.Remote["INBOX"];
        if (scenario is "flags" or "mixed")
        {
            local.SetFlags(h.Local.UidOf("INBOX", "Message-ID: <l0@x>\r\n\r\nlocal 0"), ["\\Answered"]);
            remote.SetFlags(h.Remote.UidOf("INBOX", "Message-ID: <l1@x>\r\n\r\nlocal 1"), ["\\Seen", "$Label"]);
            local.SetFlags(h.Local.UidOf("INBOX", "Message-ID: <r0@x>\r\n\r\nremote 0"), ["\\Seen"]);
            remote.SetFlags(h.Remote.UidOf("INBOX", "Message-ID: <r0@x>\r\n\r\nremote 0"), ["\\Draft"]);
        }

        if (scenario is "expunge" or "mixed")
        {
            local.Expunge(h.Local.UidOf("INBOX", "Message-ID: <l2@x>\r\n\r\nlocal 2"));
            remote.Expunge(h.Remote.UidOf("INBOX", "Message-ID: <r1@x>\r\n\r\nremote 1"));
            remote.Expunge(h.Remote.UidOf("INBOX", "Message-ID: <l3@x>\r\n\r\nlocal 3"));
        }

        if (scenario == "uidvalidity")
        {
            // The remote INBOX recreated under a new UIDVALIDITY without <l1@x>, one message there losing
            // its flag, one new message there, and a flag change on the local side meanwhile.
            var box = h.Remote.Recreate("INBOX", m => !m.Text.Contains("<l1@x>", StringComparison.Ordinal));
            box.SetFlags(h.Remote.UidOf("INBOX", "Message-ID: <l0@x>\r\n\r\nlocal 0"), []);
            h.Remote.Deliver("INBOX", "Message-ID: <new@x>\r\n\r\nnew remote");
            local.SetFlags(h.Local.UidOf("INBOX", "Message-ID: <r2@x>\r\n\r\nremote 2"), ["\\Answered"]);
        }

        if (scenario == "mixed")
        {
            h.Local.Deliver("INBOX", "Message-ID: <new@x>\r\n\r\nnew local");
            h.Remote.Deliver("c", "Message-ID: <newc@x>\r\n\r\nnew remote");
        }
    }

    private static async Task<List<string>> ReferenceOutcomeAsync(string scenario, bool lanes)
    {
        using var h = Prepare(scenario, lanes, out var settle);
        if (settle)
        {
            await SettleAsync(h);
            Change(h, scenario);
        }

        await h.SyncAsync();
        await h.SyncAsync();
        return Outcome(h);
    }

    private static async Task SettleAsync(SyncHarness h)
    {
        await h.SyncAsync();
        await h.SyncAsync();
    }

    private static List<string> Outcome(SyncHarness h)
    {
        var lines = new List<string>();
        foreach (var name in h.Local.Mailboxes.Keys)
        {
            var remoteName = name.Replace('/', '.');
            var local = h.Local.Snapshot(name);
            var remote = h.Remote.Snapshot(remoteName);
            Assert.Equal(local, remote);
            lines.AddRange(local.Select(l => $"{name}: {l}"));
        }

        Assert.Equal(h.Local.Mailboxes.Count, h.Remote.Mailboxes.Count);
        h.AssertConverged();
        Assert.Equal(0, h.WithState(s => s.GetMailboxes().Sum(m => s.GetCopyIntents(m.Id).Count)));
        return lines;
    }
}
