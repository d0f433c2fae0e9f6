using Imap.Sync.Ports;

namespace Imap.Sync.Engine;

/// <summary>
/// LISTs both servers at once (one round trip each when the patterns do not need the delimiters first)
/// and works out each side's hierarchy delimiter the way InterIMAP does. A reply naming a mailbox that
/// matches none of the patterns asked for is dropped with a warning: a server must not make us act
/// on (create, copy into) a mailbox outside the selection.
/// </summary>
internal static class MailboxLister
{
    public static async Task<(SideListing Local, SideListing Remote)> ListBothAsync(
        IMailServer local,
        IMailServer remote,
        SyncOptions options,
        IReadOnlyList<string> patterns,
        ResolvedPrefixes prefixes,
        bool withStatus,
        SyncReporter reporter,
        CancellationToken cancellationToken)
    {
        char? localProbe = null, remoteProbe = null;
        bool probed = patterns.Any(NeedsDelimiter);
        if (probed)
        {
            var localTask = ProbeAsync(local, options.LocalListReference, SyncSide.Local, cancellationToken);
            var remoteTask = ProbeAsync(remote, options.RemoteListReference, SyncSide.Remote, cancellationToken);
            localProbe = await localTask.ConfigureAwait(false);
            remoteProbe = await remoteTask.ConfigureAwait(false);
        }

        // Patterns use the local delimiter (or NUL); the remote side gets its own.
        var neutral = patterns.Select(p => localProbe is { } d ? p.Replace(d, '\0') : p).ToList();
        var localList = ListAsync(local, SyncSide.Local, options.LocalListReference, SideNaming.ListPatterns(prefixes.Local, ForSide(neutral, localProbe)), options, withStatus, reporter, cancellationToken);
        var remoteList = ListAsync(remote, SyncSide.Remote, options.RemoteListReference, SideNaming.ListPatterns(prefixes.Remote, ForSide(neutral, remoteProbe)), options, withStatus, reporter, cancellationToken);
        var localResult = await localList.ConfigureAwait(false);
        var remoteResult = await remoteList.ConfigureAwait(false);
        await prefixes.ConfirmAsync().ConfigureAwait(false);

        var localDelimiter = probed ? localProbe : await DelimiterAsync(local, options.LocalListReference, SyncSide.Local, localResult, cancellationToken).ConfigureAwait(false);
        var remoteDelimiter = probed ? remoteProbe : await DelimiterAsync(remote, options.RemoteListReference, SyncSide.Remote, remoteResult, cancellationToken).ConfigureAwait(false);
        if ((localDelimiter is null) != (remoteDelimiter is null))
        {
            throw new SyncException(
                $"Local and remote namespaces are neither both flat nor both hierarchical (local {Print(localDelimiter)}, remote {Print(remoteDelimiter)}).");
        }

        return (
            Index(new SideNaming(SyncSide.Local, options.LocalListReference, localDelimiter, prefixes.Local), localResult),
            Index(new SideNaming(SyncSide.Remote, options.RemoteListReference, remoteDelimiter, prefixes.Remote), remoteResult));
    }

    /// <summary>LIST "reference" "" : the delimiter alone (null for a flat namespace).</summary>
    public static async Task<char?> ProbeAsync(IMailServer server, string reference, SyncSide side, CancellationToken cancellationToken)
    {
        var replies = await server.ListAsync(new MailboxListQuery(reference, [""], [], false, false), cancellationToken).ConfigureAwait(false);
        if (replies.Count != 1)
        {
            throw new SyncException($"Missing or unexpected (unsolicited) LIST response from {side.Name()}.", side);
        }

        return replies[0].Delimiter;
    }

    private static bool NeedsDelimiter(string pattern) =>
        pattern.Any(c => !(char.IsAsciiLetterOrDigit(c) || c is '*' or '%' or '_' or '-' or ' '));

    private static List<string> ForSide(List<string> neutral, char? delimiter) =>
        [.. neutral.Select(p => p.Contains('\0', StringComparison.Ordinal)
            ? p.Replace('\0', delimiter ?? throw new SyncException("Mailbox name contains null characters but the namespace is flat!"))
            : p)];

    private static async Task<IReadOnlyList<ListedMailbox>> ListAsync(
        IMailServer server, SyncSide side, string reference, List<string> patterns, SyncOptions options, bool withStatus, SyncReporter reporter, CancellationToken cancellationToken)
    {
        var selection = options.ListSelectOptions.Select(o => o.ToUpperInvariant()).ToList();
        var request = new MailboxListQuery(reference, patterns, selection, ReturnSubscribed: true, ReturnStatus: withStatus && server.Features.ListStatus);
        var listed = await server.ListAsync(request, cancellationToken).ConfigureAwait(false);
        var asked = new List<ListedMailbox>(listed.Count);
        foreach (var mailbox in listed)
        {
            if (ListPatternMatch.MatchesAny(mailbox.Name, mailbox.Delimiter, reference, patterns))
            {
                asked.Add(mailbox);
            }
            else
            {
                reporter.Warning(
                    $"Ignoring mailbox {mailbox.Name} in the LIST reply: it matches none of the patterns asked for ({string.Join(' ', patterns.Select(p => reference + p))}).",
                    side);
            }
        }

        return asked;
    }

    private static async Task<char?> DelimiterAsync(
        IMailServer server, string reference, SyncSide side, IReadOnlyList<ListedMailbox> listed, CancellationToken cancellationToken)
    {
        // INBOX may live in a namespace of its own: ignore it. Use the alphabetically first other name.
        var others = listed
            .Where(m => !string.Equals(m.Name[Math.Min(reference.Length, m.Name.Length)..], "INBOX", StringComparison.OrdinalIgnoreCase))
            .OrderBy(m => m.Name, StringComparer.Ordinal)
            .ToList();
        if (others.Count == 0)
        {
            return await ProbeAsync(server, reference, side, cancellationToken).ConfigureAwait(false);
        }

        var delimiter = others[0].Delimiter;
        foreach (var mailbox in others)
        {
            if (mailbox.Delimiter != delimiter)
            {
                throw new SyncException(
                    $"Mailbox {mailbox.Name} has hierarchy delimiter {Print(mailbox.Delimiter)}, while {Print(delimiter)} was expected.", side);
            }
        }

        return delimiter;
    }

    private static SideListing Index(SideNaming naming, IReadOnlyList<ListedMailbox> listed)
    {
        var byName = new Dictionary<string, ListedMailbox>(StringComparer.Ordinal);
        foreach (var mailbox in listed)
        {
            if (naming.ToNeutral(mailbox.Name) is { Length: > 0 } neutral)
            {
                byName[neutral] = mailbox;
            }
        }

        return new SideListing(naming, byName);
    }

    private static string Print(char? delimiter) => delimiter is { } d ? $"\"{d}\"" : "NIL";
}
