namespace Imap.Sync.Tests.Fakes;

/// <summary>
/// The state of one in-memory IMAP server (shared by its connections), with helpers that act like
/// another mail client. Tests also read it back to check the outcome.
/// </summary>
internal sealed class FakeServer(char? delimiter = '/')
{
    private uint _nextValidity = 1000;

    public char? Delimiter { get; } = delimiter;

    /// <summary>The first personal namespace's prefix NAMESPACE reports (e.g. "INBOX.").</summary>
    public string PersonalPrefix { get; set; } = "";

    public SortedDictionary<string, FakeMailbox> Mailboxes { get; } = new(StringComparer.Ordinal);

    public HashSet<string> Subscriptions { get; } = new(StringComparer.Ordinal);

    public FakeMailbox Create(string name)
    {
        var mailbox = new FakeMailbox(_nextValidity++);
        Mailboxes.Add(name, mailbox);
        return mailbox;
    }

    public FakeMailbox this[string name] => Mailboxes[name];

    /// <summary>
    /// The mailbox deleted and created again under a new UIDVALIDITY (an admin's doing, a migration, an
    /// index rebuild): the messages <paramref name="keep"/> accepts, in their order, with their body,
    /// date and flags, under new UIDs.
    /// </summary>
    public FakeMailbox Recreate(string name, Func<FakeMessage, bool> keep)
    {
        var old = Mailboxes[name];
        var box = new FakeMailbox(_nextValidity++ + 50_000) { PermanentFlags = old.PermanentFlags };
        foreach (var message in old.Messages.Values.Where(keep))
        {
            box.Add(message.Body, message.Flags, message.InternalDate, message.EmailId);
        }

        Mailboxes[name] = box;
        return box;
    }

    /// <summary>RENAME by another client: the mailbox and its inferiors, UIDVALIDITY and UIDs kept (as Dovecot and Cyrus do).</summary>
    public void Rename(string oldName, string newName)
    {
        foreach (var name in Mailboxes.Keys.Where(n => n == oldName || (Delimiter is { } d && n.StartsWith(oldName + d, StringComparison.Ordinal))).ToList())
        {
            var box = Mailboxes[name];
            Mailboxes.Remove(name);
            Mailboxes[newName + name[oldName.Length..]] = box;
        }
    }

    public FakeMailbox Deliver(string mailbox, string text, params string[] flags)
    {
        var box = Mailboxes.TryGetValue(mailbox, out var existing) ? existing : Create(mailbox);
        box.Add(System.Text.Encoding.ASCII.GetBytes(text), flags);
        return box;
    }

    /// <summary>MOVE by another client: the message, its date and flags, in <paramref name="to"/> under a new UID; returns it.</summary>
    public uint Move(string from, uint uid, string to)
    {
        var message = Mailboxes[from].Messages[uid];
        var moved = (Mailboxes.TryGetValue(to, out var existing) ? existing : Create(to)).Add(message.Body, message.Flags, message.InternalDate, message.EmailId);
        Mailboxes[from].Expunge(uid);
        return moved.Uid;
    }

    /// <summary>Messages of a mailbox as "text [flags]" lines, sorted, for whole-state comparisons.</summary>
    public List<string> Snapshot(string mailbox) =>
        [.. Mailboxes[mailbox].Messages.Values.Select(m => $"{m.Text} [{string.Join(' ', m.Flags)}]").Order(StringComparer.Ordinal)];

    public uint UidOf(string mailbox, string text) => Mailboxes[mailbox].Messages.Values.Single(m => m.Text == text).Uid;
}
