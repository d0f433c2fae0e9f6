namespace Imap.Sync.Tests.Fakes;

/// <summary>A message held by a <see cref="FakeMailbox"/>.</summary>
internal sealed class FakeMessage(uint uid, byte[] body, DateTimeOffset internalDate, IEnumerable<string> flags, ulong modSeq)
{
    public uint Uid { get; } = uid;

    public byte[] Body { get; } = body;

    public DateTimeOffset InternalDate { get; } = internalDate;

    public SortedSet<string> Flags { get; } = new(flags, StringComparer.Ordinal);

    public ulong ModSeq { get; set; } = modSeq;

    public string Text => System.Text.Encoding.ASCII.GetString(Body);
}
