using Imap.Protocol.Model;
using Imap.Sync.Ports;

namespace Imap.Sync.Adapters;

/// <summary>
/// Turns the flags a flag read reports (<see cref="FetchedFlags"/>) into the engine's change records, one
/// object per message: messages with the same flags share one array of flag names. A mailbox has few
/// distinct flag combinations, and the client interns each message's keyword array, so the last few
/// combinations, compared by reference, find nearly every message's names. One per read, used on the
/// client's read loop only.
/// </summary>
internal sealed class ChangeRecords
{
    private const int Entries = 8;

    private readonly SystemFlags[] _system = new SystemFlags[Entries];
    private readonly IReadOnlyList<string>?[] _keywords = new IReadOnlyList<string>?[Entries];
    private readonly string[][] _names = new string[Entries][];
    private int _next;

    /// <summary>The change record of <paramref name="fetched"/> (MODSEQ 0 when none was reported).</summary>
    public MessageFlags ToRecord(in FetchedFlags fetched) =>
        new(fetched.Uid.Value, NamesOf(fetched.Flags), fetched.ModSeq?.Value ?? 0);

    private string[] NamesOf(FlagSet flags)
    {
        var keywords = flags.Keywords;
        for (var i = 0; i < Entries; i++)
        {
            if (_keywords[i] is { } known && ReferenceEquals(known, keywords) && _system[i] == flags.System)
            {
                return _names[i];
            }
        }

        string[] names = [.. flags.Select(f => f.Name)];
        _system[_next] = flags.System;
        _keywords[_next] = keywords;
        _names[_next] = names;
        _next = (_next + 1) % Entries;
        return names;
    }
}
