using System.Globalization;
using Imap.Testing.Processes;
using Imap.Testing.Seeding;

namespace Imap.Testing.Dovecot;

/// <summary>
/// Seeding and read-back helpers: doveadm for mailbox operations, expunges and reading state, the stdio
/// PREAUTH session for what needs IMAP (APPEND with flags and INTERNALDATE, STORE, exact bytes).
/// Mailbox names are Unicode and use the server's <see cref="HierarchySeparator"/>.
/// </summary>
public sealed partial class DovecotServer
{
    private const string DoveadmBinary = "/usr/bin/doveadm";

    /// <inheritdoc/>
    public override Task CreateMailboxAsync(string user, string mailbox, CancellationToken cancellationToken = default) =>
        DoveadmAsync(["mailbox", "create", "-u", user, mailbox], cancellationToken);

    /// <summary>Deletes a mailbox and its messages.</summary>
    public override Task DeleteMailboxAsync(string user, string mailbox, CancellationToken cancellationToken = default) =>
        DoveadmAsync(["mailbox", "delete", "-u", user, mailbox], cancellationToken);

    /// <summary>Renames a mailbox.</summary>
    public override Task RenameMailboxAsync(string user, string oldName, string newName, CancellationToken cancellationToken = default) =>
        DoveadmAsync(["mailbox", "rename", "-u", user, oldName, newName], cancellationToken);

    /// <summary>Gives a mailbox another UIDVALIDITY in place (`doveadm mailbox update`): same messages, same UIDs.</summary>
    public Task SetUidValidityAsync(string user, string mailbox, uint uidValidity, CancellationToken cancellationToken = default) =>
        DoveadmAsync(["mailbox", "update", "-u", user, "--uid-validity", uidValidity.ToString(CultureInfo.InvariantCulture), mailbox], cancellationToken);

    /// <summary>Subscribes to a mailbox (it must exist).</summary>
    public override Task SubscribeAsync(string user, string mailbox, CancellationToken cancellationToken = default) =>
        DoveadmAsync(["mailbox", "subscribe", "-u", user, mailbox], cancellationToken);

    /// <summary>All mailbox names of a user (or only the subscribed ones), sorted ordinally.</summary>
    public override async Task<IReadOnlyList<string>> ListMailboxesAsync(string user, bool subscribedOnly = false, CancellationToken cancellationToken = default)
    {
        List<string> args = ["-f", "tab", "mailbox", "list", "-u", user];
        if (subscribedOnly)
        {
            args.Add("-s");
        }

        var rows = await DoveadmTableAsync(args, cancellationToken);
        return [.. rows.Select(r => r["mailbox"]).Order(StringComparer.Ordinal)];
    }

    /// <summary>MESSAGES, UIDNEXT, UIDVALIDITY and HIGHESTMODSEQ of a mailbox.</summary>
    public override async Task<DovecotMailboxStatus> GetMailboxStatusAsync(string user, string mailbox, CancellationToken cancellationToken = default)
    {
        var rows = await DoveadmTableAsync(
            ["-f", "tab", "mailbox", "status", "-u", user, "messages uidnext uidvalidity highestmodseq", mailbox], cancellationToken);
        var row = rows.Single();
        return new DovecotMailboxStatus(
            uint.Parse(row["messages"], CultureInfo.InvariantCulture), uint.Parse(row["uidnext"], CultureInfo.InvariantCulture),
            uint.Parse(row["uidvalidity"], CultureInfo.InvariantCulture), ulong.Parse(row["highestmodseq"], CultureInfo.InvariantCulture));
    }

    /// <summary>Appends messages in order over one IMAP session; returns their UIDs.</summary>
    public override async Task<IReadOnlyList<uint>> AppendAsync(string user, string mailbox, IEnumerable<SeedMessage> messages, CancellationToken cancellationToken = default)
    {
        await using var session = await OpenStdioSessionAsync(user, cancellationToken);
        var uids = new List<uint>();
        foreach (var message in messages)
        {
            uids.Add(await session.AppendAsync(mailbox, message, cancellationToken));
        }

        return uids;
    }

    /// <summary>Adds flags to the given messages (UID STORE +FLAGS).</summary>
    public override Task AddFlagsAsync(string user, string mailbox, IReadOnlyCollection<uint> uids, IReadOnlyCollection<string> flags, CancellationToken cancellationToken = default) =>
        StoreAsync(user, mailbox, uids, "+FLAGS.SILENT", flags, cancellationToken);

    /// <summary>Removes flags from the given messages (UID STORE -FLAGS).</summary>
    public override Task RemoveFlagsAsync(string user, string mailbox, IReadOnlyCollection<uint> uids, IReadOnlyCollection<string> flags, CancellationToken cancellationToken = default) =>
        StoreAsync(user, mailbox, uids, "-FLAGS.SILENT", flags, cancellationToken);

    /// <summary>Replaces the flags of the given messages (UID STORE FLAGS); an empty list clears them.</summary>
    public override Task ReplaceFlagsAsync(string user, string mailbox, IReadOnlyCollection<uint> uids, IReadOnlyCollection<string> flags, CancellationToken cancellationToken = default) =>
        StoreAsync(user, mailbox, uids, "FLAGS.SILENT", flags, cancellationToken);

    /// <summary>Expunges the given messages without touching the flags of any other message.</summary>
    public override Task ExpungeAsync(string user, string mailbox, IReadOnlyCollection<uint> uids, CancellationToken cancellationToken = default) =>
        DoveadmAsync(["expunge", "-u", user, "mailbox", mailbox, "uid", ImapSeedSession.UidList(uids)], cancellationToken);

    /// <summary>Moves the given messages to another mailbox, as another client's MOVE would (`doveadm move`).</summary>
    public Task MoveAsync(string user, string mailbox, IReadOnlyCollection<uint> uids, string destination, CancellationToken cancellationToken = default) =>
        DoveadmAsync(["move", "-u", user, destination, "mailbox", mailbox, "uid", ImapSeedSession.UidList(uids)], cancellationToken);

    /// <summary>UID, flags, INTERNALDATE, Message-ID, size and MODSEQ of every message, by UID.</summary>
    public override async Task<IReadOnlyList<StoredMessage>> FetchMessagesAsync(string user, string mailbox, CancellationToken cancellationToken = default)
    {
        var rows = await DoveadmTableAsync(
            ["-f", "tab", "fetch", "-u", user, "uid flags date.received.unixtime size.virtual modseq hdr.message-id", "mailbox", mailbox, "all"],
            cancellationToken);
        return [.. rows.Select(r => new StoredMessage(
                uint.Parse(r["uid"], CultureInfo.InvariantCulture),
                [.. r["flags"].Split(' ', StringSplitOptions.RemoveEmptyEntries).Where(f => !f.Equals("\\Recent", StringComparison.OrdinalIgnoreCase)).Order(StringComparer.Ordinal)],
                DateTimeOffset.FromUnixTimeSeconds(long.Parse(r["date.received.unixtime"], CultureInfo.InvariantCulture)),
                r.GetValueOrDefault("hdr.message-id")?.Trim() is { Length: > 0 } id ? id : null,
                long.Parse(r["size.virtual"], CultureInfo.InvariantCulture),
                ulong.Parse(r["modseq"], CultureInfo.InvariantCulture)))
            .OrderBy(m => m.Uid)];
    }

    /// <summary>The exact bytes of one message (BODY.PEEK[] over IMAP; \Seen is not set).</summary>
    public override async Task<byte[]> FetchMessageBytesAsync(string user, string mailbox, uint uid, CancellationToken cancellationToken = default)
    {
        await using var session = await OpenStdioSessionAsync(user, cancellationToken);
        return await session.FetchBytesAsync(mailbox, uid, cancellationToken);
    }

    private async Task StoreAsync(string user, string mailbox, IReadOnlyCollection<uint> uids, string item, IReadOnlyCollection<string> flags, CancellationToken cancellationToken)
    {
        await using var session = await OpenStdioSessionAsync(user, cancellationToken);
        await session.StoreAsync(mailbox, uids, item, flags, cancellationToken);
    }

    private Task<ImapSeedSession> OpenStdioSessionAsync(string user, CancellationToken cancellationToken) =>
        ImapSeedSession.OpenStdioAsync(TunnelArguments(user), TunnelLogPath, cancellationToken);

    private Task<CommandResult> DoveadmAsync(IEnumerable<string> arguments, CancellationToken cancellationToken) =>
        CommandRunner.RunCheckedAsync(DoveadmBinary, ["-c", _paths.ConfigPath, .. arguments], null, cancellationToken);

    /// <summary>Runs doveadm with <c>-f tab</c> and returns each row keyed by the header's column names.</summary>
    private async Task<List<Dictionary<string, string>>> DoveadmTableAsync(IEnumerable<string> arguments, CancellationToken cancellationToken)
    {
        var lines = (await DoveadmAsync(arguments, cancellationToken)).StandardOutput.Split('\n');
        var header = lines[0].Split('\t');
        return [.. lines.Skip(1).Where(l => l.Length > 0).Select(l =>
        {
            var cells = l.Split('\t');
            return header.Select((name, i) => (name, value: i < cells.Length ? cells[i] : "")).ToDictionary(c => c.name, c => c.value, StringComparer.Ordinal);
        })];
    }
}
