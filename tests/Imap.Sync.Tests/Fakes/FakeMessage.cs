namespace Imap.Sync.Tests.Fakes;

/// <summary>A message held by a <see cref="FakeMailbox"/>.</summary>
internal sealed class FakeMessage(uint uid, byte[] body, DateTimeOffset internalDate, IEnumerable<string> flags, ulong modSeq, string emailId)
{
    private static long s_lastEmailId;

    /// <summary>EMAILID (RFC 8474), reported where the connection has <c>ObjectId</c> or <c>GmailExtensions</c>; kept across MOVE.</summary>
    public string EmailId { get; } = emailId;

    public uint Uid { get; } = uid;

    public byte[] Body { get; } = body;

    public DateTimeOffset InternalDate { get; } = internalDate;

    public SortedSet<string> Flags { get; } = new(flags, StringComparer.Ordinal);

    public ulong ModSeq { get; set; } = modSeq;

    public string Text => System.Text.Encoding.ASCII.GetString(Body);

    /// <summary>An id no other message of any fake server has.</summary>
    public static string NewEmailId() => "E" + Interlocked.Increment(ref s_lastEmailId);
}
