namespace Imap.Sync.Engine;

/// <summary>
/// Every changed mailbox at once over one connection per side, each on its own lane (see
/// <c>IMailServer.OpenLane</c>): the run then costs about the longest chain of dependent round trips
/// of one mailbox, not their sum. Mailboxes go in waves of at most <see cref="MaxLanes"/> (<see cref="SyncOptions.LanesPerWave"/>; what each
/// lane holds, its changes and the replies in flight, stays bounded); each wave reads before it writes
/// (<see cref="ReadBarrier"/>).
/// </summary>
internal static class LaneWaves
{
    public const int MaxLanes = 64;

    /// <summary>Runs the mailboxes; returns how many were not started (graceful stop, checked before each wave).</summary>
    public static async Task<int> RunAsync(
        SyncContext context, IReadOnlyList<MailboxPlan> pending, Func<IReadOnlyList<MailboxChanges>, CancellationToken, Task>? changesRead, CancellationToken cancellationToken)
    {
        var started = 0;
        foreach (var wave in pending.Chunk(context.Options.LanesPerWave))
        {
            if (context.Options.StopRequested.IsCancellationRequested)
            {
                break;
            }

            cancellationToken.ThrowIfCancellationRequested();
            var barrier = new ReadBarrier(wave.Length, changesRead);
            var activity = new LaneActivity();
            var members = wave.Select(_ => activity.Join()).ToList();
            var lanes = wave.Select((plan, i) => RunLaneAsync(context with { Barrier = barrier }, plan, members[i], cancellationToken)).ToList();
            started += wave.Length;
            await Task.WhenAll(lanes).ConfigureAwait(false);
        }

        return pending.Count - started;
    }

    private static async Task RunLaneAsync(SyncContext context, MailboxPlan plan, LaneActivity.Lane member, CancellationToken cancellationToken)
    {
        using var running = member;
        member.MakeCurrent();
        var local = context.Local.OpenLane()!;
        var remote = context.Remote.OpenLane()!;
        try
        {
            await MailboxRunner.SyncAsync(context with { Local = local, Remote = remote }, plan, cancellationToken).ConfigureAwait(false);
        }
        finally
        {
            context.Barrier!.Leave(plan);
            await local.DisposeAsync().ConfigureAwait(false);
            await remote.DisposeAsync().ConfigureAwait(false);
        }
    }
}
