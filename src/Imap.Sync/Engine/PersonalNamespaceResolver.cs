using Imap.Sync.Ports;
using Imap.Sync.State;

namespace Imap.Sync.Engine;

/// <summary>
/// Works out each side's personal namespace prefix from <c>personal-namespace</c>, the server's
/// NAMESPACE and the prefix recorded in the database, and refuses a prefix that differs from the recorded
/// one: the stored names would be read differently, which looks like deletions and creations.
/// </summary>
/// <remarks>
/// A side with a recorded prefix lists with it at once while NAMESPACE runs alongside (no extra round
/// trip); <see cref="ResolvedPrefixes.ConfirmAsync"/> must be awaited before anything is written.
/// </remarks>
internal static class PersonalNamespaceResolver
{
    public static async Task<ResolvedPrefixes> ResolveAsync(
        IMailServer local, IMailServer remote, SyncStateStore state, SyncOptions options, CancellationToken cancellationToken)
    {
        var hasMailboxes = state.HasMailboxes();
        var localPlan = Plan(SyncSide.Local, options.LocalPersonalNamespace, options.LocalListReference, state, hasMailboxes);
        var remotePlan = Plan(SyncSide.Remote, options.RemotePersonalNamespace, options.RemoteListReference, state, hasMailboxes);
        var localAsked = localPlan.AskServer ? local.GetPersonalNamespacePrefixAsync(cancellationToken).AsTask() : null;
        var remoteAsked = remotePlan.AskServer ? remote.GetPersonalNamespacePrefixAsync(cancellationToken).AsTask() : null;

        // Without a record the answer decides how to list: wait for it. With one, list with the record.
        var localPrefix = localAsked is null ? "" : localPlan.Recorded ?? await localAsked.ConfigureAwait(false);
        var remotePrefix = remoteAsked is null ? "" : remotePlan.Recorded ?? await remoteAsked.ConfigureAwait(false);
        return new ResolvedPrefixes(localPrefix, remotePrefix, () => ConfirmAsync(state, [(localPlan, localAsked), (remotePlan, remoteAsked)]));
    }

    private static SidePlan Plan(SyncSide side, PersonalNamespaceMode mode, string reference, SyncStateStore state, bool hasMailboxes)
    {
        if (mode == PersonalNamespaceMode.Yes && reference.Length > 0)
        {
            throw new SyncException(
                $"[{side.Name()}] has both `personal-namespace = yes` and a list-reference ({reference}); remove one of them.", side);
        }

        var recorded = state.GetNamespacePrefix(side);

        // A database without our record stored names as listed (InterIMAP's way): "" is what it implies.
        var expected = recorded ?? (hasMailboxes ? "" : null);
        var useNamespace = mode switch
        {
            PersonalNamespaceMode.Yes => true,
            PersonalNamespaceMode.No => false,
            _ => reference.Length == 0 && (recorded is not null || !hasMailboxes),
        };
        return new SidePlan(side, mode, useNamespace, expected, recorded);
    }

    private static async Task ConfirmAsync(SyncStateStore state, (SidePlan Plan, Task<string>? Asked)[] sides)
    {
        var toRecord = new List<(SyncSide, string)>();
        foreach (var (plan, asked) in sides)
        {
            var effective = asked is null ? "" : await asked.ConfigureAwait(false);
            if (plan.Expected is { } expected && !string.Equals(expected, effective, StringComparison.Ordinal))
            {
                throw Mismatch(plan, expected, effective);
            }

            if (plan.AskServer && plan.Recorded is null)
            {
                toRecord.Add((plan.Side, effective));
            }
        }

        if (toRecord.Count > 0)
        {
            state.SetNamespacePrefixes(toRecord);
        }
    }

    private static SyncException Mismatch(SidePlan plan, string expected, string effective)
    {
        var side = plan.Side.Name();
        var cause = plan.AskServer
            ? $"the {side} server's personal namespace prefix is \"{effective}\" (NAMESPACE)"
            : plan.Mode == PersonalNamespaceMode.No
                ? $"`personal-namespace = no` in [{side}] means no prefix"
                : $"the list-reference in [{side}] turns `personal-namespace = auto` off";
        var fix = expected.Length == 0
            ? $"set `personal-namespace = no` in [{side}] to keep the names as they are"
            : plan.AskServer
                ? $"restore the {side} server's namespace configuration, or start over with a new database"
                : $"remove `personal-namespace = no` and any list-reference from [{side}]";
        return new SyncException(
            $"The database stored {side} mailbox names with the personal namespace prefix \"{expected}\" removed, but {cause}. "
            + $"Reading the stored names differently could look like deletions and creations, so nothing was changed. To go on, {fix}.",
            plan.Side);
    }

    private sealed record SidePlan(SyncSide Side, PersonalNamespaceMode Mode, bool AskServer, string? Expected, string? Recorded);
}
