using FsCheck;
using FsCheck.Fluent;
using Imap.Sync.Ports;

namespace Imap.Sync.Tests.Model;

/// <summary>A flag edit on one side: remove then add, as bit masks over <see cref="FlagScenario.Universe"/>.</summary>
public sealed record FlagEdit(int Remove, int Add);

/// <summary>How the two sides' edits of one message relate.</summary>
public enum EditKind
{
    /// <summary>Each side applies its own edit (often none).</summary>
    Independent,

    /// <summary>The remote ends with what the local ends with (less what it cannot store).</summary>
    SameOnBoth,

    /// <summary>Each side removes a different part of the agreed flags: their union equals the record.</summary>
    SplitRemoval,

    /// <summary>Expunged locally; the remote's edit still applies there (deleted wins).</summary>
    ExpungedLocally,

    /// <summary>Expunged remotely; the local's edit still applies there (deleted wins).</summary>
    ExpungedRemotely,
}

/// <summary>What another client does to the n-th message still present (in arrival order) before a run.</summary>
public sealed record MessageEdit(EditKind Kind, FlagEdit Local, FlagEdit Remote);

/// <summary>A message delivered to one side before a run, with its flags as a mask.</summary>
public sealed record Arrival(SyncSide Side, int Flags);

/// <summary>
/// Another client's edit of the n-th message on one side, made after the run read both sides and just
/// before its first UID STORE: a STORE of ours to that message is then refused (UNCHANGEDSINCE).
/// </summary>
public sealed record Race(int Index, SyncSide Side, FlagEdit Edit);

/// <summary>Edits and deliveries by other clients, then one run (during which <paramref name="Race"/> happens, if set).</summary>
public sealed record Round(MessageEdit[] Edits, Arrival[] Arrivals, Race? Race = null);

/// <summary>
/// A whole model-based case: which change source the engine may use, which side (if any) cannot store
/// keywords (PERMANENTFLAGS without <c>\*</c>), the messages delivered before the first run, and rounds.
/// </summary>
/// <param name="RestoredSide">
/// When set: that side is backed up after the first run, gets a new message (so its UIDNEXT goes back
/// at the restore), the rounds run without expunges, then the backup is put back and one more run
/// (<paramref name="RepairAfterRestore"/>: a --repair) must keep every flag either side holds.
/// </param>
public sealed record FlagScenario(ChangeSourceKind Source, SyncSide? KeywordlessSide, Arrival[] Initial, Round[] Rounds, SyncSide? RestoredSide = null, bool RepairAfterRestore = false)
{
    public static readonly string[] Universe = ["\\Answered", "\\Draft", "\\Flagged", "\\Seen", "$Label", "$Work"];

    public static readonly string[] SystemFlags = ["\\Answered", "\\Deleted", "\\Draft", "\\Flagged", "\\Seen"];

    public static IReadOnlyList<string> Flags(int mask) => [.. Universe.Where((_, i) => (mask & (1 << i)) != 0)];

    public override string ToString() =>
        $"{Source}, keywordless {KeywordlessSide?.ToString() ?? "none"}, restored {RestoredSide?.ToString() ?? "none"}{(RepairAfterRestore ? " then repair" : "")}, initial [{string.Join(", ", Initial.AsEnumerable())}], "
        + string.Join(" / ", Rounds.Select(r => $"edits [{string.Join(", ", r.Edits.AsEnumerable())}] arrivals [{string.Join(", ", r.Arrivals.AsEnumerable())}]{(r.Race is null ? "" : $" race {r.Race}")}"));
}

/// <summary>FsCheck generators for <see cref="FlagScenario"/>; edits lean towards "no change" and conflicts.</summary>
public static class FlagScenarioArbitraries
{
    private const int AllFlags = (1 << 6) - 1;

    public static Arbitrary<FlagScenario> Scenario() => ScenarioGen(maxRounds: 1).ToArbitrary();

    public static Gen<FlagScenario> ScenarioGen(int maxRounds) =>
        from source in Gen.Elements(ChangeSourceKind.QResync, ChangeSourceKind.CondStore, ChangeSourceKind.FullScan)
        from keywordless in Gen.Elements<SyncSide?>(null, SyncSide.Local, SyncSide.Remote)
        from initial in Gen.Choose(1, 30).SelectMany(n => ArrivalGen.ArrayOf(n))
        from rounds in Gen.Choose(1, maxRounds).SelectMany(n => RoundGen.ArrayOf(n))
        from restored in Gen.Elements<SyncSide?>(null, null, null, SyncSide.Local, SyncSide.Remote)
        from repair in Gen.Elements(false, true)
        select new FlagScenario(source, keywordless, initial, rounds, restored, repair);

    private static Gen<Arrival> ArrivalGen =>
        from side in Gen.Elements(SyncSide.Local, SyncSide.Remote)
        from flags in Gen.Choose(0, AllFlags)
        select new Arrival(side, flags);

    private static Gen<FlagEdit> EditGen => Gen.Frequency(
        (2, Gen.Constant(new FlagEdit(0, 0))),
        (3, from remove in Gen.Choose(0, AllFlags) from add in Gen.Choose(0, AllFlags) select new FlagEdit(remove, add)),
        (1, Gen.Choose(0, AllFlags).Select(remove => new FlagEdit(remove, 0))),
        (1, Gen.Choose(0, AllFlags).Select(add => new FlagEdit(0, add))));

    private static Gen<MessageEdit> MessageEditGen =>
        from kind in Gen.Frequency(
            (6, Gen.Constant(EditKind.Independent)),
            (2, Gen.Constant(EditKind.SameOnBoth)),
            (2, Gen.Constant(EditKind.SplitRemoval)),
            (1, Gen.Constant(EditKind.ExpungedLocally)),
            (1, Gen.Constant(EditKind.ExpungedRemotely)))
        from local in EditGen
        from remote in EditGen
        select new MessageEdit(kind, local, remote);

    private static Gen<Race?> RaceGen => Gen.Frequency(
        (2, Gen.Constant<Race?>(null)),
        (1, from index in Gen.Choose(0, 29)
            from side in Gen.Elements(SyncSide.Local, SyncSide.Remote)
            from edit in EditGen
            select (Race?)new Race(index, side, edit)));

    private static Gen<Round> RoundGen =>
        from edits in Gen.Choose(0, 30).SelectMany(n => MessageEditGen.ArrayOf(n))
        from arrivals in Gen.Choose(0, 3).SelectMany(n => ArrivalGen.ArrayOf(n))
        from race in RaceGen
        select new Round(edits, arrivals, race);
}
