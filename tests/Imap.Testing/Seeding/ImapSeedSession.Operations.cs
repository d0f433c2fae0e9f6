using System.Globalization;
using System.Text;
using System.Text.RegularExpressions;
using Imap.Testing.Dovecot;

namespace Imap.Testing.Seeding;

/// <summary>Mailbox and message operations on top of the raw session, for servers without doveadm.</summary>
internal sealed partial class ImapSeedSession
{
    public Task CreateAsync(string mailbox, CancellationToken cancellationToken) =>
        CommandAsync("CREATE " + Mailbox(mailbox), cancellationToken);

    public Task DeleteAsync(string mailbox, CancellationToken cancellationToken) =>
        CommandAsync("DELETE " + Mailbox(mailbox), cancellationToken);

    public Task RenameAsync(string from, string to, CancellationToken cancellationToken) =>
        CommandAsync($"RENAME {Mailbox(from)} {Mailbox(to)}", cancellationToken);

    public Task SubscribeAsync(string mailbox, CancellationToken cancellationToken) =>
        CommandAsync("SUBSCRIBE " + Mailbox(mailbox), cancellationToken);

    /// <summary>
    /// Mailbox names (decoded), from LIST or LSUB; \Noselect entries (parents Courier lists for
    /// <c>INBOX.a.b</c> without creating <c>INBOX.a</c>) are left out: they hold no messages.
    /// </summary>
    public async Task<IReadOnlyList<string>> ListAsync(bool subscribedOnly, CancellationToken cancellationToken)
    {
        var verb = subscribedOnly ? "LSUB" : "LIST";
        var responses = await CommandAsync($"{verb} \"\" \"*\"", cancellationToken);
        return [.. responses
            .Where(r => r.Line.StartsWith($"* {verb} ", StringComparison.Ordinal) && !r.Line.Contains("\\Noselect", StringComparison.OrdinalIgnoreCase))
            .Select(ListedName).Order(StringComparer.Ordinal)];
    }

    /// <summary>STATUS; without <paramref name="withModSeq"/> (no CONDSTORE) HIGHESTMODSEQ is not asked for and reads 0.</summary>
    public async Task<DovecotMailboxStatus> StatusAsync(string mailbox, bool withModSeq, CancellationToken cancellationToken)
    {
        var items = withModSeq ? "MESSAGES UIDNEXT UIDVALIDITY HIGHESTMODSEQ" : "MESSAGES UIDNEXT UIDVALIDITY";
        var responses = await CommandAsync($"STATUS {Mailbox(mailbox)} ({items})", cancellationToken);
        var line = responses.Single(r => r.Line.StartsWith("* STATUS ", StringComparison.Ordinal)).Line;
        return new DovecotMailboxStatus(
            (uint)Number(line, "MESSAGES"), (uint)Number(line, "UIDNEXT"), (uint)Number(line, "UIDVALIDITY"), Number(line, "HIGHESTMODSEQ"));
    }

    /// <summary>UID STORE with <paramref name="item"/> (+FLAGS.SILENT, -FLAGS.SILENT or FLAGS.SILENT).</summary>
    public async Task StoreAsync(string mailbox, IReadOnlyCollection<uint> uids, string item, IReadOnlyCollection<string> flags, CancellationToken cancellationToken)
    {
        await CommandAsync("SELECT " + Mailbox(mailbox), cancellationToken);
        await CommandAsync($"UID STORE {UidList(uids)} {item} ({string.Join(' ', flags)})", cancellationToken);
    }

    /// <summary>Marks the given UIDs \Deleted and expunges exactly those (UID EXPUNGE).</summary>
    public async Task ExpungeAsync(string mailbox, IReadOnlyCollection<uint> uids, CancellationToken cancellationToken)
    {
        await CommandAsync("SELECT " + Mailbox(mailbox), cancellationToken);
        var set = UidList(uids);
        await CommandAsync($"UID STORE {set} +FLAGS.SILENT (\\Deleted)", cancellationToken);
        await CommandAsync($"UID EXPUNGE {set}", cancellationToken);
    }

    /// <summary>Moves the given messages to <paramref name="destination"/> (UID MOVE, RFC 6851).</summary>
    public async Task MoveAsync(string mailbox, IReadOnlyCollection<uint> uids, string destination, CancellationToken cancellationToken)
    {
        await CommandAsync("SELECT " + Mailbox(mailbox), cancellationToken);
        await CommandAsync($"UID MOVE {UidList(uids)} {Mailbox(destination)}", cancellationToken);
    }

    /// <summary>Every message of a mailbox; without <paramref name="withModSeq"/> (no CONDSTORE) MODSEQ reads 0.</summary>
    public async Task<IReadOnlyList<StoredMessage>> FetchAllAsync(string mailbox, bool withModSeq, CancellationToken cancellationToken)
    {
        await CommandAsync("EXAMINE " + Mailbox(mailbox), cancellationToken);
        var modSeq = withModSeq ? " MODSEQ" : "";
        var responses = await CommandAsync(
            $"UID FETCH 1:* (UID FLAGS INTERNALDATE RFC822.SIZE{modSeq} BODY.PEEK[HEADER.FIELDS (MESSAGE-ID)])", cancellationToken);
        return [.. responses.Where(r => FetchLine().IsMatch(r.Line)).Select(ParseFetch).OrderBy(m => m.Uid)];
    }

    public async Task<byte[]> FetchBytesAsync(string mailbox, uint uid, CancellationToken cancellationToken)
    {
        await CommandAsync("EXAMINE " + Mailbox(mailbox), cancellationToken);
        var responses = await CommandAsync($"UID FETCH {uid.ToString(CultureInfo.InvariantCulture)} (BODY.PEEK[])", cancellationToken);
        return responses.FirstOrDefault(r => r.Literals.Count > 0)?.Literals[0]
            ?? throw new InvalidOperationException($"no message with UID {uid} in {mailbox}");
    }

    public static string UidList(IReadOnlyCollection<uint> uids) =>
        uids.Count > 0
            ? string.Join(',', uids.Select(u => u.ToString(CultureInfo.InvariantCulture)))
            : throw new ArgumentException("at least one UID is needed", nameof(uids));

    private static string Mailbox(string name) => Quote(ModifiedUtf7.Encode(name));

    /// <summary>The number after <paramref name="name"/>; 0 when the item is absent (MODSEQ without CONDSTORE).</summary>
    private static ulong Number(string line, string name) =>
        Regex.Match(line, $@"\b{Regex.Escape(name)} \(?(\d+)") is { Success: true } match
            ? ulong.Parse(match.Groups[1].Value, CultureInfo.InvariantCulture)
            : 0;

    private static StoredMessage ParseFetch(ImapResponseText response)
    {
        var line = response.Line;
        var flags = FlagsItem().Match(line).Groups[1].Value.Split(' ', StringSplitOptions.RemoveEmptyEntries)
            .Where(f => !f.Equals("\\Recent", StringComparison.OrdinalIgnoreCase)).Order(StringComparer.Ordinal).ToList();
        var header = response.Literals.Count > 0 ? Encoding.UTF8.GetString(response.Literals[0]) : "";
        var messageId = MessageIdHeader().Match(header.Replace("\r\n ", " ", StringComparison.Ordinal).Replace("\r\n\t", " ", StringComparison.Ordinal));
        return new StoredMessage(
            (uint)Number(line, "UID"), flags, ParseInternalDate(InternalDateItem().Match(line).Groups[1].Value),
            messageId.Success ? messageId.Groups[1].Value.Trim() : null, (long)Number(line, "RFC822.SIZE"), Number(line, "MODSEQ"));
    }

    /// <summary>RFC 3501 date-time: "dd-Mon-yyyy hh:mm:ss +zzzz" (day may be space-padded).</summary>
    private static DateTimeOffset ParseInternalDate(string text)
    {
        var parts = text.Trim().Split(' ', StringSplitOptions.RemoveEmptyEntries);
        var local = DateTime.ParseExact($"{parts[0]} {parts[1]}", "d-MMM-yyyy HH:mm:ss", CultureInfo.InvariantCulture);
        var zone = parts[2];
        var offset = new TimeSpan(int.Parse(zone.AsSpan(1, 2), CultureInfo.InvariantCulture), int.Parse(zone.AsSpan(3, 2), CultureInfo.InvariantCulture), 0);
        return new DateTimeOffset(local, zone[0] == '-' ? -offset : offset);
    }

    /// <summary>The mailbox name at the end of a LIST/LSUB line: quoted, literal or atom; modified UTF-7 decoded.</summary>
    private static string ListedName(ImapResponseText response)
    {
        if (response.Literals.Count > 0)
        {
            return ModifiedUtf7.Decode(Encoding.UTF8.GetString(response.Literals[^1]));
        }

        var match = ListTail().Match(response.Line);
        var name = match.Groups["quoted"].Success
            ? Regex.Replace(match.Groups["quoted"].Value, @"\\(.)", "$1")
            : match.Groups["atom"].Value;
        return ModifiedUtf7.Decode(name);
    }

    [GeneratedRegex(@"^\* \d+ FETCH ")]
    private static partial Regex FetchLine();

    [GeneratedRegex(@"\bFLAGS \(([^)]*)\)")]
    private static partial Regex FlagsItem();

    [GeneratedRegex("INTERNALDATE \"([^\"]+)\"")]
    private static partial Regex InternalDateItem();

    [GeneratedRegex(@"^Message-ID:\s*(.*?)\s*$", RegexOptions.IgnoreCase | RegexOptions.Multiline)]
    private static partial Regex MessageIdHeader();

    [GeneratedRegex("""(?:"(?:[^"\\]|\\.)*"|NIL) (?:"(?<quoted>(?:[^"\\]|\\.)*)"|(?<atom>[^ ]+))$""")]
    private static partial Regex ListTail();
}
