using FsCheck;
using FsCheck.Fluent;

namespace Imap.Sync.Tests.Model;

/// <summary>What one side's client does to a message: leave it, move it to another mailbox, or delete it; then maybe set its flags.</summary>
public enum MoveAction
{
    Keep,
    Move,
    Delete,
}

/// <summary>One side's edit of a message: <see cref="Offset"/> (1 or 2) picks the mailbox a move goes to; <see cref="Flags"/> (a mask) is set after, when given.</summary>
public sealed record SideEdit(MoveAction Action, int Offset, int? Flags)
{
    public override string ToString() => $"{Action}{(Action == MoveAction.Move ? "+" + Offset : "")}{(Flags is { } f ? " flags " + f : "")}";
}

/// <summary>A message synchronized in mailbox <see cref="Mailbox"/> with flags <see cref="Flags"/>, then edited on both sides.</summary>
public sealed record MovedMessage(int Mailbox, bool HasMessageId, int Flags, SideEdit Local, SideEdit Remote)
{
    public override string ToString() => $"box {Mailbox}{(HasMessageId ? "" : " no-id")} flags {Flags}: local {Local}, remote {Remote}";
}

/// <summary>
/// How the run spreads the mailboxes: all in one wave of lanes (moves seen at its read barrier), a wave
/// each (moves looked for account-wide before the waves), or one per pair of extra connections (a
/// large copy's path, looked for the same way).
/// </summary>
public enum MovePath
{
    OneWave,
    WaveEach,
    ExtraConnections,
}

/// <summary>New mail delivered on one side after the first sync.</summary>
public sealed record NewMail(bool Local, int Mailbox, int Flags);

/// <summary>
/// A settled account of three mailboxes (INBOX, a, a/b), synchronized along <see cref="Path"/>, then moves, deletions and flag changes on both
/// sides, and new mail. <see cref="LocalIds"/> and <see cref="RemoteIds"/>: that server gives each message
/// an id kept across moves (EMAILID).
/// </summary>
public sealed record MoveScenario(ChangeSourceKind Source, MovedMessage[] Messages, NewMail[] Arrivals, bool LocalIds = false, bool RemoteIds = false, MovePath Path = MovePath.OneWave)
{
    public override string ToString() =>
        $"{Source} {Path}{(LocalIds ? " local-ids" : "")}{(RemoteIds ? " remote-ids" : "")}: [{string.Join("; ", Messages.AsEnumerable())}] new [{string.Join(", ", Arrivals.AsEnumerable())}]";
}

/// <summary>FsCheck generators for <see cref="MoveScenario"/>; edits lean towards moves.</summary>
public static class MoveScenarioArbitraries
{
    public const int AllFlags = (1 << 3) - 1;

    public static Arbitrary<MoveScenario> Scenario() => ScenarioGen.ToArbitrary();

    private static Gen<MoveScenario> ScenarioGen =>
        from source in Gen.Elements(ChangeSourceKind.QResync, ChangeSourceKind.CondStore, ChangeSourceKind.FullScan)
        from messages in Gen.Choose(1, 20).SelectMany(n => MessageGen.ArrayOf(n))
        from arrivals in Gen.Choose(0, 3).SelectMany(n => NewMailGen.ArrayOf(n))
        from localIds in Gen.Elements(true, false)
        from remoteIds in Gen.Elements(true, false)
        from path in Gen.Elements(MovePath.OneWave, MovePath.WaveEach, MovePath.ExtraConnections)
        select new MoveScenario(source, messages, arrivals, localIds, remoteIds, path);

    private static Gen<MovedMessage> MessageGen =>
        from mailbox in Gen.Choose(0, 2)
        from hasId in Gen.Frequency((5, Gen.Constant(true)), (1, Gen.Constant(false)))
        from flags in Gen.Choose(0, AllFlags)
        from local in EditGen
        from remote in EditGen
        select new MovedMessage(mailbox, hasId, flags, local, remote);

    private static Gen<SideEdit> EditGen =>
        from action in Gen.Frequency((3, Gen.Constant(MoveAction.Keep)), (4, Gen.Constant(MoveAction.Move)), (1, Gen.Constant(MoveAction.Delete)))
        from offset in Gen.Choose(1, 2)
        from flags in Gen.Frequency((2, Gen.Constant<int?>(null)), (1, Gen.Choose(0, AllFlags).Select(f => (int?)f)))
        select new SideEdit(action, offset, flags);

    private static Gen<NewMail> NewMailGen =>
        from local in Gen.Elements(true, false)
        from mailbox in Gen.Choose(0, 2)
        from flags in Gen.Choose(0, AllFlags)
        select new NewMail(local, mailbox, flags);
}
