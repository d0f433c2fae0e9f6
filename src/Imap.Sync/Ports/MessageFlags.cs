namespace Imap.Sync.Ports;

/// <summary>A message's flags and keywords (as sent, <c>\Recent</c> included if sent) and its MODSEQ (0 if none).</summary>
public sealed record MessageFlags(uint Uid, IReadOnlyList<string> Flags, ulong ModSeq);
