using Imap.Sync.Ports;
using Imap.Sync.Tests.Fakes;

namespace Imap.Sync.Tests.Model;

/// <summary>
/// The flag rule written as simply as possible, next to the in-memory servers it predicts. Per message it
/// keeps the flags both sides agreed on after the last run; before a run it learns what other clients
/// did, and says what each side must hold after it: one side changed → the other gets its flags; both
/// changed → both get the union; a flag a side cannot store stays on the side that has it; a message
/// expunged on one side is gone from both. After a side is restored from a backup its flag lists are
/// not changes: where they differ from the record both sides get the union, and the messages it lost
/// are copied back to it. A race (another client's edit between our read and our STORE) refuses our
/// conditional STORE to that message; the run then merges the edit with what it wrote to the other side.
/// </summary>
internal sealed class FlagModel(SyncHarness harness, SyncSide? keywordlessSide)
{
    private const string Mailbox = "INBOX";

    private readonly List<Agreed> _messages = [];
    private readonly List<Pending> _arrivals = [];
    private int _next;
    private (SyncSide Side, FakeMailbox Copy)? _backup;
    private SyncSide? _restored;
    private HashSet<string> _lost = [];
    private RaceSeen? _race;

    public void Deliver(Arrival arrival)
    {
        var text = $"Message-ID: <m{_next++}@model>\r\n\r\nbody";
        var flags = Storable(arrival.Side, FlagScenario.Flags(arrival.Flags));
        Server(arrival.Side).Deliver(Mailbox, text, [.. flags]);
        _arrivals.Add(new Pending(text, arrival.Side, flags));
    }

    /// <summary>Applies an edit to the n-th message on the servers; the expectation is worked out at <see cref="Expect"/>.</summary>
    public void Edit(int index, MessageEdit edit)
    {
        if (index >= _messages.Count)
        {
            return;
        }

        if (_backup is not null && edit.Kind is EditKind.ExpungedLocally or EditKind.ExpungedRemotely)
        {
            edit = edit with { Kind = EditKind.Independent }; // a restore would bring an expunged message back on one side only
        }

        var message = _messages[index];
        var local = Apply(SyncSide.Local, message.Local, edit.Local);
        var remote = Apply(SyncSide.Remote, message.Remote, edit.Remote);
        switch (edit.Kind)
        {
            case EditKind.SameOnBoth:
                remote = Storable(SyncSide.Remote, local);
                break;
            case EditKind.SplitRemoval:
                var removedHere = FlagScenario.Flags(edit.Local.Remove).ToHashSet();
                local = [.. message.Local.Where(f => !removedHere.Contains(f))];
                remote = [.. message.Remote.Where(removedHere.Contains)];
                break;
        }

        SetIfChanged(SyncSide.Local, message, message.Local, local);
        SetIfChanged(SyncSide.Remote, message, message.Remote, remote);
        message.Now = (local, remote);
        if (edit.Kind is EditKind.ExpungedLocally or EditKind.ExpungedRemotely)
        {
            var side = edit.Kind == EditKind.ExpungedLocally ? SyncSide.Local : SyncSide.Remote;
            Box(side).Expunge(Box(side).Messages.Values.Single(m => m.Text == message.Text).Uid);
            message.Expunged = true;
        }
    }

    /// <summary>A hook for the raced server: <paramref name="race"/> happens just before its first UID STORE of the run.</summary>
    public IOperationHook? RaceHook(Race? race) => race is null ? null : new RaceInjector(() => ApplyRace(race));

    private void ApplyRace(Race race)
    {
        if (race.Index >= _messages.Count || _messages[race.Index].Expunged)
        {
            return;
        }

        var message = _messages[race.Index];
        var (local, remote) = message.Now ?? (message.Local, message.Remote);
        var before = race.Side == SyncSide.Local ? local : remote;
        var after = Apply(race.Side, before, race.Edit);
        SetIfChanged(race.Side, message, before, after);
        _race = before.SequenceEqual(after) ? null : new RaceSeen(message, race.Side, before, after);
    }

    /// <summary>A file-level copy of one side's mailbox, as an admin's backup.</summary>
    public void BackUp(SyncSide side) => _backup = (side, Box(side).Clone());

    /// <summary>Puts the backup back: the side holds the backup's messages and flags again.</summary>
    public void Restore()
    {
        var (side, copy) = _backup!.Value;
        copy.PermanentFlags = Box(side).PermanentFlags;
        Server(side).Mailboxes[Mailbox] = copy;
        var held = copy.Messages.Values.ToDictionary(m => m.Text, m => (IReadOnlyList<string>)[.. m.Flags]);
        _lost = [.. _messages.Select(m => m.Text).Where(t => !held.ContainsKey(t))];
        foreach (var message in _messages.Where(m => held.ContainsKey(m.Text)))
        {
            message.Now = side == SyncSide.Local ? (held[message.Text], message.Remote) : (message.Local, held[message.Text]);
        }

        _restored = side;
        _backup = null;
    }

    /// <summary>Works out what each side must hold after the run, and makes it the new agreed state.</summary>
    public void Expect()
    {
        _messages.RemoveAll(m => m.Expunged);
        foreach (var message in _messages)
        {
            var record = (message.Local, message.Remote);
            var (local, remote) = message.Now ?? (message.Local, message.Remote);
            if (_restored is { } side && _lost.Contains(message.Text))
            {
                // Copied back to the restored side from the other one.
                var source = side == SyncSide.Local ? remote : local;
                (message.Local, message.Remote) = side == SyncSide.Local ? (Storable(side, source), remote) : (local, Storable(side, source));
                continue;
            }

            var localDid = !local.SequenceEqual(message.Local);
            var remoteDid = !remote.SequenceEqual(message.Remote);
            var restoredDiffers = _restored == SyncSide.Local ? localDid : _restored == SyncSide.Remote && remoteDid;
            Merge(message, (local, remote), localDid, remoteDid, restoredDiffers);
            message.Now = null;
            if (_race?.Message == message)
            {
                ExpectRace(_race, record);
            }
        }

        _race = null;
        _restored = null;
        _lost = [];

        foreach (var arrival in _arrivals)
        {
            var other = Storable(arrival.Side.Other(), arrival.Flags);
            _messages.Add(arrival.Side == SyncSide.Local
                ? new Agreed(arrival.Text, arrival.Flags, other)
                : new Agreed(arrival.Text, other, arrival.Flags));
        }

        _arrivals.Clear();
    }

    // Both changed (or a restored side differs) → the union; one changed → its flags; a flag a side cannot
    // store stays on the side that has it.
    private void Merge(Agreed message, (IReadOnlyList<string> Local, IReadOnlyList<string> Remote) now, bool localDid, bool remoteDid, bool union = false)
    {
        var (local, remote) = now;
        IEnumerable<string> wanted = (localDid && remoteDid) || union ? local.Union(remote) : localDid ? local : remoteDid ? remote : [];
        if (localDid || remoteDid)
        {
            message.Local = Storable(SyncSide.Local, wanted.Union(Unstorable(SyncSide.Remote, local)));
            message.Remote = Storable(SyncSide.Remote, wanted.Union(Unstorable(SyncSide.Local, remote)));
        }
    }

    // The message now holds the run's outcome. Had the run a STORE for it on the raced side, that STORE
    // was refused: the other side's outcome (already written) is a change, merged with the raced side's
    // list, itself a change if it differs from the record. Without one, the race is a plain change
    // after the run, carried over by the next run. (The in-memory servers offer CONDSTORE, so every
    // STORE is conditional, whatever change source the run reads with.)
    private void ExpectRace(RaceSeen race, (IReadOnlyList<string> Local, IReadOnlyList<string> Remote) record)
    {
        var side = race.Side;
        var outcome = side == SyncSide.Local ? race.Message.Local : race.Message.Remote;
        var stored = !outcome.SequenceEqual(race.Before);
        var recorded = side == SyncSide.Local ? record.Local : record.Remote;
        var sideDid = stored ? !race.After.SequenceEqual(recorded) : !race.After.SequenceEqual(outcome);
        var now = side == SyncSide.Local ? (race.After, race.Message.Remote) : (race.Message.Local, race.After);
        Merge(race.Message, now, localDid: side == SyncSide.Local ? sideDid : stored, remoteDid: side == SyncSide.Remote ? sideDid : stored);
    }

    /// <summary>The servers hold exactly what the model expects, message by message.</summary>
    public void AssertServersMatch()
    {
        AssertSame(SyncSide.Local, Lines(m => m.Local), Lines(Box(SyncSide.Local)));
        AssertSame(SyncSide.Remote, Lines(m => m.Remote), Lines(Box(SyncSide.Remote)));
    }

    // Names only the messages that differ: a whole mailbox in a failure message hides them.
    private static void AssertSame(SyncSide side, List<string> expected, List<string> actual)
    {
        var missing = expected.Except(actual).Select(l => l.Replace("\r\n\r\nbody", "", StringComparison.Ordinal));
        var unexpected = actual.Except(expected).Select(l => l.Replace("\r\n\r\nbody", "", StringComparison.Ordinal));
        Assert.True(expected.SequenceEqual(actual), $"{side}: expected {string.Join("; ", missing)} but found {string.Join("; ", unexpected)}");
    }

    private List<string> Lines(Func<Agreed, IReadOnlyList<string>> side) =>
        [.. _messages.Select(m => $"{m.Text} [{string.Join(' ', side(m))}]").Order(StringComparer.Ordinal)];

    private static List<string> Lines(FakeMailbox box) =>
        [.. box.Messages.Values.Select(m => $"{m.Text} [{string.Join(' ', m.Flags)}]").Order(StringComparer.Ordinal)];

    private IReadOnlyList<string> Apply(SyncSide side, IReadOnlyList<string> flags, FlagEdit edit)
    {
        var removed = FlagScenario.Flags(edit.Remove);
        return Storable(side, flags.Except(removed).Union(FlagScenario.Flags(edit.Add)));
    }

    private void SetIfChanged(SyncSide side, Agreed message, IReadOnlyList<string> before, IReadOnlyList<string> after)
    {
        if (!before.SequenceEqual(after))
        {
            var box = Box(side);
            box.SetFlags(box.Messages.Values.Single(m => m.Text == message.Text).Uid, after);
        }
    }

    private bool Keywordless(SyncSide side) => keywordlessSide == side;

    private IReadOnlyList<string> Storable(SyncSide side, IEnumerable<string> flags) =>
        [.. flags.Where(f => !Keywordless(side) || f.StartsWith('\\')).Distinct().Order(StringComparer.Ordinal)];

    private IEnumerable<string> Unstorable(SyncSide side, IEnumerable<string> flags) => flags.Except(Storable(side, flags));

    private FakeServer Server(SyncSide side) => side == SyncSide.Local ? harness.Local : harness.Remote;

    private FakeMailbox Box(SyncSide side) => Server(side)[Mailbox];

    private sealed record RaceSeen(Agreed Message, SyncSide Side, IReadOnlyList<string> Before, IReadOnlyList<string> After);

    private sealed record Pending(string Text, SyncSide Side, IReadOnlyList<string> Flags);

    private sealed class Agreed(string text, IReadOnlyList<string> local, IReadOnlyList<string> remote)
    {
        public string Text { get; } = text;

        public IReadOnlyList<string> Local { get; set; } = local;

        public IReadOnlyList<string> Remote { get; set; } = remote;

        /// <summary>What each side holds after other clients' edits, before the run.</summary>
        public (IReadOnlyList<string> Local, IReadOnlyList<string> Remote)? Now { get; set; }

        public bool Expunged { get; set; }
    }
}
