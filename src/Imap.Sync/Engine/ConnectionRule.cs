namespace Imap.Sync.Engine;

/// <summary>
/// How a run spreads its mailboxes over connections. Round trips, not connections, are what latency
/// costs, so by default every changed mailbox runs at once on its own lane of one connection per side
/// (see <see cref="LaneWaves"/>). Extra connections (<see cref="SyncOptions.MaxMailboxesInFlight"/>)
/// add throughput only to a large copy, where each connection's stream is limited by one server
/// process and one TCP window: then mailboxes go one per pair of connections, as many pairs at once.
/// The size of a copy is judged by messages, not bytes, as LIST-STATUS gives UIDNEXT but no sizes.
/// </summary>
internal static class ConnectionRule
{
    /// <summary>New messages (UIDNEXT past the stored value, both sides, all changed mailboxes) from which extra connections are used.</summary>
    public const long LargeCopyMessages = 2_000;

    public static async Task<bool> OnLanesAsync(SyncContext context, IEnumerable<MailboxPlan> pending, bool canConnect) =>
        await HasLanesAsync(context).ConfigureAwait(false)
        && (!canConnect || context.Options.MaxMailboxesInFlight <= 1 || NewMessages(context, pending) < context.Options.LargeCopyMessages);

    /// <summary>True when both connections offer lanes (every IMAP connection does; some ports do not).</summary>
    public static async Task<bool> HasLanesAsync(SyncContext context) =>
        await CanOpenLaneAsync(context.Local).ConfigureAwait(false) && await CanOpenLaneAsync(context.Remote).ConfigureAwait(false);

    // A lane opened only to ask is closed again at once: it never sent, so no other lane waited for it.
    private static async Task<bool> CanOpenLaneAsync(Ports.IMailServer server)
    {
        var probe = server.OpenLane();
        if (probe is null)
        {
            return false;
        }

        await probe.DisposeAsync().ConfigureAwait(false);
        return true;
    }

    /// <summary>Messages above each side's stored UIDNEXT, by LIST-STATUS; a mailbox without it counts as small.</summary>
    public static long NewMessages(SyncContext context, IEnumerable<MailboxPlan> pending)
    {
        long total = 0;
        foreach (var plan in pending)
        {
            var stored = context.State.GetSideStates(plan.Row.Id);
            total += Above(plan.LocalStatus?.UidNext, stored?.Local.UidNext) + Above(plan.RemoteStatus?.UidNext, stored?.Remote.UidNext);
        }

        return total;

        static long Above(uint? uidNext, uint? storedNext) =>
            uidNext is { } next ? Math.Max(0L, (long)next - Math.Max(storedNext ?? 1, 1)) : 0;
    }
}
