using FsCheck;
using FsCheck.Xunit;
using Imap.Protocol.Client;
using Imap.Protocol.Model;

namespace Imap.Protocol.Tests.Properties;

/// <summary>
/// FETCH routing when a server runs pipelined FETCHes in parallel: whatever order the answers come
/// in, each command gets every item it asked for every message it asked about, and no answer that
/// brings it nothing new (FsCheck).
/// </summary>
public class FetchRoutingProperties
{
    private static readonly FetchRequest[] s_requests =
    [
        new() { Flags = true },
        new() { Flags = true, ModSeq = true },
        new() { BodyItems = ["BODY.PEEK[]"] },
        new() { Flags = true, BodyItems = ["BODY.PEEK[HEADER.FIELDS (MESSAGE-ID)]"] },
        new() { InternalDate = true, Size = true },
        new(),
    ];

    [Property(MaxTest = 500)]
    public void Each_command_gets_each_item_once_whatever_the_interleaving(NonEmptyArray<byte> commandSeeds, bool serverAddsModSeq, int shuffleSeed)
    {
        var commands = commandSeeds.Get.Take(5).Select(seed => new Command(
            UidSet.FromUids(Enumerable.Range(1, 5).Where(u => (seed & (1 << (u - 1))) != 0 || u == 1 + seed % 5).Select(u => new Uid((uint)u))),
            s_requests[seed % s_requests.Length])).ToArray();
        foreach (var command in commands)
        {
            command.Interest = FetchInterest.ForFetch(command.Uids, command.Request, command.Delivered.Add);
        }
        // The server answers every command for each of its messages, in an arbitrary interleaving.
        var answers = commands.SelectMany(c => c.Uids.Select(uid => Answer(uid, c.Request, serverAddsModSeq))).ToList();
        var random = new Random(shuffleSeed);
        foreach (var answer in answers.OrderBy(_ => random.Next()))
        {
            var had = commands.ToDictionary(c => c, c => c.Delivered.Where(f => f.Uid == answer.Uid).ToList());
            var takers = commands.Where(c => c.Interest!.Offer(answer, bodyStreamedElsewhere: false)).ToList(); // offered to all
            if (takers.Count == 0)
            {
                // Nobody took it: every command asking about that message already had what it carries.
                Assert.All(commands.Where(c => c.Uids.Contains(answer.Uid!.Value)), c => Assert.True(Covers(had[c], answer, c.Request)));
            }
        }

        foreach (var command in commands)
        {
            foreach (var uid in command.Uids)
            {
                var got = command.Delivered.Where(f => f.Uid == uid).ToList();
                Assert.NotEmpty(got);
                Assert.True(!command.Request.Flags || got.Any(f => f.Flags is not null), "flags missing");
                Assert.True(!command.Request.ModSeq || got.Any(f => f.ModSeq is not null), "modseq missing");
                Assert.True(!command.Request.Size || got.Any(f => f.Rfc822Size is not null), "size missing");
                Assert.All(command.Request.BodyItems, item => Assert.Contains(got, f => f.Bodies.Any(b => b.Section == SectionOf(item))));
                // Every answer it got brought something new: at most one per item asked (UID alone counts as one).
                var asked = new[] { command.Request.Flags, command.Request.ModSeq, command.Request.InternalDate, command.Request.Size }.Count(b => b)
                    + command.Request.BodyItems.Count;
                Assert.InRange(got.Count, 1, Math.Max(1, asked));
            }
        }
    }

    private static bool Covers(List<FetchResponse> had, FetchResponse answer, FetchRequest asked) =>
        (had.Count > 0 || asked.Flags || asked.ModSeq || asked.Size || asked.InternalDate || asked.BodyItems.Count > 0)
        && (!asked.Flags || answer.Flags is null || had.Any(f => f.Flags is not null))
        && (!asked.ModSeq || answer.ModSeq is null || had.Any(f => f.ModSeq is not null))
        && (!asked.Size || answer.Rfc822Size is null || had.Any(f => f.Rfc822Size is not null))
        && (!asked.InternalDate || answer.InternalDate is null || had.Any(f => f.InternalDate is not null))
        && answer.Bodies.All(b => !asked.BodyItems.Select(SectionOf).Contains(b.Section) || had.Any(f => f.Bodies.Any(h => h.Section == b.Section)));

    private static string SectionOf(string item) => item.Contains("HEADER", StringComparison.Ordinal) ? "HEADER.FIELDS (MESSAGE-ID)" : "";

    private static FetchResponse Answer(Uid uid, FetchRequest request, bool addModSeq)
    {
        var fetch = new FetchResponse(uid.Value)
        {
            Uid = uid,
            Flags = request.Flags ? FlagSet.Empty : null,
            ModSeq = request.ModSeq || addModSeq ? new ModSeq(7) : null,
            InternalDate = request.InternalDate ? DateTimeOffset.UnixEpoch : null,
            Rfc822Size = request.Size ? 10 : null,
        };
        fetch.Bodies = [.. request.BodyItems.Select(item => new FetchBodySection("BODY", SectionOf(item), null, new byte[] { 1 }, 1, streamed: false))];
        return fetch;
    }

    private sealed record Command(UidSet Uids, FetchRequest Request)
    {
        public List<FetchResponse> Delivered { get; } = [];

        public FetchInterest? Interest { get; set; }
    }
}
