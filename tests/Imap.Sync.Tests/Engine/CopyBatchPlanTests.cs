using FsCheck.Xunit;
using Imap.Sync.Engine;

namespace Imap.Sync.Tests.Engine;

/// <summary>
/// The copy's batches, cut as the sizes arrive: every message once, in the order given, each batch
/// within the count and byte budget (a message over the byte budget alone), and a batch closed only
/// when the next message would not fit.
/// </summary>
public sealed class CopyBatchPlanTests
{
    [Fact]
    public void A_message_larger_than_the_byte_budget_travels_alone()
    {
        var plan = new CopyBatchPlan(maxMessages: 10, maxBytes: 100);
        plan.Add(1, 40);
        plan.Add(2, 500);
        plan.Add(3, 40);
        plan.Add(4, 50);

        Assert.Equal([[1u], [2u], [3u, 4u]], plan.Finish());
        Assert.Equal(4, plan.Count);
        Assert.Equal(630, plan.Bytes);
    }

    [Property(MaxTest = 200)]
    public void Batches_keep_every_message_in_order_within_the_budgets(byte maxMessagesSeed, ushort maxBytesSeed, ushort[] sizesSeed)
    {
        var maxMessages = 1 + (maxMessagesSeed % 8);
        var maxBytes = 1L + maxBytesSeed % 2000;
        var sizes = (sizesSeed ?? []).Select(s => (long)(s % 700)).ToList();
        var plan = new CopyBatchPlan(maxMessages, maxBytes);
        for (var i = 0; i < sizes.Count; i++)
        {
            plan.Add((uint)(i + 1), sizes[i]);
        }

        var batches = plan.Finish();
        Assert.Equal(Enumerable.Range(1, sizes.Count).Select(i => (uint)i), batches.SelectMany(b => b));
        Assert.Equal(sizes.Count, plan.Count);
        Assert.Equal(sizes.Sum(), plan.Bytes);
        long BytesOf(IEnumerable<uint> uids) => uids.Sum(u => sizes[(int)u - 1]);
        for (var i = 0; i < batches.Count; i++)
        {
            Assert.NotEmpty(batches[i]);
            Assert.True(batches[i].Length <= maxMessages);
            Assert.True(batches[i].Length == 1 || BytesOf(batches[i]) <= maxBytes);
            if (i + 1 < batches.Count)
            {
                // Closed only because the next batch's first message did not fit.
                var next = batches[i + 1][0];
                Assert.True(batches[i].Length == maxMessages || BytesOf(batches[i]) + sizes[(int)next - 1] > maxBytes);
            }
        }
    }
}
