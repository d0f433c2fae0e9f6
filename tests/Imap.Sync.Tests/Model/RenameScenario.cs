using FsCheck;
using FsCheck.Fluent;

namespace Imap.Sync.Tests.Model;

/// <summary>
/// What one side's client does to the mailboxes <c>a</c> (with its child <c>a/c</c>) and <c>b</c>: 0 leaves
/// it, 1 renames it in place (<c>a1</c>, <c>b1</c>), 2 renames it into a new parent (<c>n/a2</c>, <c>m/b2</c>).
/// </summary>
public sealed record SideRenames(int A, int B)
{
    public override string ToString() => $"a:{A} b:{B}";
}

/// <summary>A message moved, after the renames, on one side (<see cref="Local"/>) to mailbox <see cref="To"/> (0 INBOX, 1 a, 2 a/c, 3 b).</summary>
public sealed record RenameMove(bool Local, int Message, int To);

/// <summary>New mail delivered, after the renames, on one side into mailbox <see cref="Box"/>.</summary>
public sealed record RenameMail(bool Local, int Box);

/// <summary>
/// A settled account (INBOX, a, a/c, b, one or two messages each), then renames on either or both
/// sides, with moves and new mail around them. <see cref="RemoteMailboxIds"/>: the remote reports
/// MAILBOXID (OBJECTID); <see cref="Lanes"/>: mailboxes synchronized together (moves replayed).
/// </summary>
public sealed record RenameScenario(bool Lanes, bool RemoteMailboxIds, SideRenames Local, SideRenames Remote, RenameMove[] Moves, RenameMail[] Mail)
{
    public override string ToString() =>
        $"{(Lanes ? "lanes" : "one at a time")}{(RemoteMailboxIds ? " MAILBOXID" : "")}: local {Local}, remote {Remote}, moves [{string.Join(", ", Moves.AsEnumerable())}], new [{string.Join(", ", Mail.AsEnumerable())}]";
}

/// <summary>FsCheck generators for <see cref="RenameScenario"/>.</summary>
public static class RenameScenarioArbitraries
{
    public const int Messages = 5;

    public static Arbitrary<RenameScenario> Scenario() => ScenarioGen.ToArbitrary();

    private static Gen<RenameScenario> ScenarioGen =>
        from lanes in Gen.Elements(true, false)
        from ids in Gen.Elements(true, false)
        from local in RenamesGen
        from remote in RenamesGen
        from moves in Gen.Choose(0, 2).SelectMany(n => MoveGen.ArrayOf(n))
        from mail in Gen.Choose(0, 2).SelectMany(n => MailGen.ArrayOf(n))
        select new RenameScenario(lanes, ids, local, remote, [.. moves.DistinctBy(m => m.Message)], mail);

    private static Gen<SideRenames> RenamesGen =>
        from a in Gen.Frequency((2, Gen.Constant(0)), (2, Gen.Constant(1)), (1, Gen.Constant(2)))
        from b in Gen.Frequency((2, Gen.Constant(0)), (2, Gen.Constant(1)), (1, Gen.Constant(2)))
        select new SideRenames(a, b);

    private static Gen<RenameMove> MoveGen =>
        from local in Gen.Elements(true, false)
        from message in Gen.Choose(0, Messages - 1)
        from to in Gen.Choose(0, 3)
        select new RenameMove(local, message, to);

    private static Gen<RenameMail> MailGen =>
        from local in Gen.Elements(true, false)
        from box in Gen.Choose(0, 3)
        select new RenameMail(local, box);
}
