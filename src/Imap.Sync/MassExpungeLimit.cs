namespace Imap.Sync;

/// <summary>
/// The mass-expunge safety valve: how many of a mailbox's mapped messages one run may expunge on a
/// side before the engine stops that mailbox and asks for confirmation. A server that keeps its
/// UIDVALIDITY but suddenly lists none or few of the mapped messages (a broken index, the wrong account
/// behind the same name, a hostile server) would otherwise have every copy deleted on the other side.
/// </summary>
/// <param name="Messages">Expunges on one side up to this count are always allowed.</param>
/// <param name="Fraction">Expunges up to this fraction of the mailbox's mapped messages are always allowed.</param>
public sealed record MassExpungeLimit(int Messages, double Fraction)
{
    /// <summary>More than 100 messages and more than half of the mapped ones.</summary>
    public static MassExpungeLimit Default { get; } = new(100, 0.5);

    /// <summary>True when expunging <paramref name="expunging"/> of <paramref name="mapped"/> messages passes both bounds.</summary>
    public bool IsExceededBy(int expunging, int mapped) => expunging > Messages && expunging > mapped * Fraction;
}
