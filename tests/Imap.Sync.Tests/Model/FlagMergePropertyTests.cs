using FsCheck.Fluent;
using FsCheck.Xunit;
using Imap.Sync.Ports;
using Imap.Sync.Tests.Fakes;

namespace Imap.Sync.Tests.Model;

/// <summary>
/// The whole flag merge against the in-memory servers, checked by <see cref="FlagModel"/>: random agreed
/// flags, random edits on each side (none, removals, additions, keywords one side cannot store, the same
/// change on both sides, removals whose union is the record), expunges and new mail mixed in, and in some
/// cases one side restored from a backup at the end (then a plain run or --repair), and races: another
/// client's edit between a run's read and its STOREs. After every run each
/// server holds what the model says and the database records exactly that.
/// </summary>
public sealed class FlagMergePropertyTests
{
    private static readonly string[] SystemOnly = [.. FlagScenario.SystemFlags];

    [Property(MaxTest = 150, Arbitrary = [typeof(FlagScenarioArbitraries)])]
    public Task One_run_after_edits_on_both_sides_ends_as_the_rule_says(FlagScenario scenario) => RunAsync(scenario);

    [Property(MaxTest = 30, Arbitrary = [typeof(SeveralRounds)])]
    public Task Rounds_of_edits_on_both_sides_with_a_run_after_each_converge_every_time(FlagScenario scenario) => RunAsync(scenario);

    private static async Task RunAsync(FlagScenario scenario)
    {
        using var harness = new SyncHarness(inMemoryDirectory: true) { Options = new SyncOptions { MaxChangeSource = scenario.Source } };
        if (scenario.KeywordlessSide is { } side)
        {
            (side == SyncSide.Local ? harness.Local : harness.Remote)["INBOX"].PermanentFlags = SystemOnly;
        }

        var model = new FlagModel(harness, scenario.KeywordlessSide);
        foreach (var arrival in scenario.Initial)
        {
            model.Deliver(arrival);
        }

        await RunAndCheckAsync(harness, model);
        if (scenario.RestoredSide is { } restored)
        {
            model.BackUp(restored);
            model.Deliver(new Arrival(restored, scenario.Initial[0].Flags));
        }

        foreach (var round in scenario.Rounds)
        {
            for (var i = 0; i < round.Edits.Length; i++)
            {
                model.Edit(i, round.Edits[i]);
            }

            foreach (var arrival in round.Arrivals)
            {
                model.Deliver(arrival);
            }

            await RunAndCheckAsync(harness, model, race: round.Race);
        }

        if (scenario.RestoredSide is not null)
        {
            model.Restore();
            await RunAndCheckAsync(harness, model, scenario.RepairAfterRestore);
            await RunAndCheckAsync(harness, model);
        }
    }

    // With a race, a second run carries over a race that no STORE of the first run met. The race is
    // made by the raced server itself, before its first STORE: the in-memory servers are not safe to
    // change from the other server's thread (a copy streams bodies concurrently).
    private static async Task RunAndCheckAsync(SyncHarness harness, FlagModel model, bool repair = false, Race? race = null)
    {
        var summary = repair ? await harness.RepairAsync() : await harness.RunAsync(e => e.SyncAsync(), null, model.RaceHook(race), race?.Side);
        Assert.Empty(summary.Errors);
        if (race is not null)
        {
            Assert.Empty((await harness.SyncAsync()).Errors);
        }

        model.Expect();
        model.AssertServersMatch();
        harness.AssertConverged();
    }

    /// <summary>Scenarios of two to six rounds.</summary>
    public static class SeveralRounds
    {
        public static FsCheck.Arbitrary<FlagScenario> Scenario() =>
            FlagScenarioArbitraries.ScenarioGen(maxRounds: 6).Where(s => s.Rounds.Length >= 2).ToArbitrary();
    }
}
