namespace Imap.Sync.Tests.Fakes;

/// <summary>A mailbox with UIDs, MODSEQs and an expunge log (for VANISHED (EARLIER)).</summary>
internal sealed class FakeMailbox(uint uidValidity)
{
    public uint UidValidity { get; set; } = uidValidity;

    public uint UidNext { get; set; } = 1;

    /// <summary>MAILBOXID (RFC 8474), reported where the connection has <c>ObjectId</c>; kept across RENAME.</summary>
    public string ObjectId { get; set; } = $"M{uidValidity}";

    public ulong HighestModSeq { get; set; } = 1;

    public SortedDictionary<uint, FakeMessage> Messages { get; } = [];

    /// <summary>
    /// Held while <see cref="Messages"/> changes and while a body fetch looks a message up: a real server
    /// takes one connection's commands one after the other, but the engine copies both ways at once, so
    /// one side's APPENDs and the other direction's FETCH of the same mailbox reach this fake from two
    /// threads (a lookup during a tree rotation could miss a message that is there).
    /// </summary>
    public Lock Sync { get; } = new();

    public List<(uint Uid, ulong ModSeq)> Expunged { get; } = [];

    public IReadOnlyList<string>? PermanentFlags { get; set; }

    /// <summary>Whether the mailbox stores this flag permanently (listed in PERMANENTFLAGS, or a keyword with <c>\*</c>).</summary>
    public bool CanStore(string flag) =>
        PermanentFlags is not { } permanent
        || permanent.Any(p => string.Equals(p, flag, StringComparison.OrdinalIgnoreCase))
        || (!flag.StartsWith('\\') && permanent.Contains("\\*"));

    /// <summary>A new message; <paramref name="emailId"/> is the id a moved or copied message keeps, a new one's otherwise.</summary>
    public FakeMessage Add(byte[] body, IEnumerable<string> flags, DateTimeOffset? date = null, string? emailId = null)
    {
        lock (Sync)
        {
            var message = new FakeMessage(UidNext++, body, date ?? new DateTimeOffset(2024, 1, 2, 3, 4, 5, TimeSpan.FromHours(1)), flags, ++HighestModSeq, emailId ?? FakeMessage.NewEmailId());
            Messages[message.Uid] = message;
            return message;
        }
    }

    public void SetFlags(uint uid, IEnumerable<string> flags)
    {
        lock (Sync)
        {
            var message = Messages[uid];
            message.Flags.Clear();
            message.Flags.UnionWith(flags);
            message.ModSeq = ++HighestModSeq;
        }
    }

    public void Expunge(uint uid)
    {
        lock (Sync)
        {
            if (Messages.Remove(uid))
            {
                Expunged.Add((uid, ++HighestModSeq));
            }
        }
    }

    /// <summary>A copy as a backup would hold it (no expunge log).</summary>
    public FakeMailbox Clone()
    {
        var copy = new FakeMailbox(UidValidity) { UidNext = UidNext, HighestModSeq = HighestModSeq, ObjectId = ObjectId };
        foreach (var m in Messages.Values)
        {
            copy.Messages[m.Uid] = new FakeMessage(m.Uid, m.Body, m.InternalDate, m.Flags, m.ModSeq, m.EmailId);
        }

        return copy;
    }
}
