namespace Imap.Protocol.Model;

/// <summary>Untagged <c>FLAGS</c>: the flags defined in the selected mailbox.</summary>
/// <param name="flags">The flags.</param>
public sealed class FlagsResponse(FlagSet flags) : ImapResponse
{
    /// <summary>The flags defined in the mailbox.</summary>
    public FlagSet Flags { get; } = flags;
}
