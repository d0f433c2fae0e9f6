namespace Imap.Sync.Tests.Fakes;

/// <summary>
/// Kills a prepared run at each server operation in turn (see <see cref="Tripwire"/>) until a run
/// finishes before its kill point; after each kill the next two runs must end without errors in
/// <paramref name="expected"/> (an uninterrupted run's outcome), and <paramref name="check"/> holds.
/// </summary>
internal static class KillSweep
{
    /// <summary>Returns the operations the runs were killed at.</summary>
    public static async Task<HashSet<string>> RunAsync(
        Func<Task<SyncHarness>> prepare, bool afterServerApplied, List<string> expected, Func<SyncHarness, List<string>> outcome, Action<SyncHarness> check, int maxOperations)
    {
        var killedAt = new HashSet<string>();
        for (var killAt = 1; killAt < maxOperations; killAt++)
        {
            using var h = await prepare();
            var tripwire = new Tripwire { KillAt = killAt, AfterServerApplied = afterServerApplied };
            if (!await h.SyncKilledAsync(tripwire))
            {
                return killedAt; // the run finished before reaching this operation: every point was covered
            }

            if (tripwire.FiredAt is { } operation)
            {
                killedAt.Add(operation);
            }

            var summary = await h.SyncAsync();
            Assert.Empty(summary.Errors);
            await h.SyncAsync();
            var actual = outcome(h);
            Assert.True(expected.SequenceEqual(actual), $"kill at {killAt} ({tripwire.FiredAt}, after={afterServerApplied}):\n expected {string.Join(" | ", expected)}\n actual   {string.Join(" | ", actual)}");
            check(h);
            h.AssertConverged();
        }

        Assert.Fail($"the run was still going after {maxOperations} operations");
        return killedAt;
    }

    /// <summary>
    /// Every mailbox of both servers as "side name" and "side name: body [flags]" lines (names with '/'),
    /// unsorted: an outcome to compare runs by.
    /// </summary>
    public static List<string> ServerLines(SyncHarness h)
    {
        var lines = new List<string>();
        foreach (var (side, server) in new[] { ("local", h.Local), ("remote", h.Remote) })
        {
            foreach (var name in server.Mailboxes.Keys)
            {
                var display = server.Delimiter is { } d ? name.Replace(d, '/') : name;
                lines.AddRange(server.Snapshot(name).Select(m => $"{side} {display}: {m[(m.IndexOf("\r\n\r\n", StringComparison.Ordinal) + 4)..]}"));
                lines.Add($"{side} {display}");
            }
        }

        return lines;
    }
}
