namespace Imap.Protocol.Model;

/// <summary>
/// The flags of one message as a FETCH response reported them (UID, FLAGS and, with CONDSTORE, MODSEQ):
/// what a flag synchronization reads, without a <see cref="FetchResponse"/> per message. Keywords are
/// interned per connection, so messages with the same flags share one keyword array.
/// </summary>
/// <param name="Uid">The message's UID.</param>
/// <param name="Flags">Its flags.</param>
/// <param name="ModSeq">Its MODSEQ, or null when the response carried none (no CONDSTORE).</param>
public readonly record struct FetchedFlags(Uid Uid, FlagSet Flags, ModSeq? ModSeq);
