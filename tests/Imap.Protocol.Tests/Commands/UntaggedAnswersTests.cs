using FsCheck;
using FsCheck.Xunit;
using Imap.Protocol.Client;
using Imap.Protocol.Commands;
using Imap.Protocol.Model;

namespace Imap.Protocol.Tests.Commands;

/// <summary>
/// What commands declare about untagged answers that name no command, and which pairs the scheduler
/// therefore keeps apart (the transcripts in UntaggedAnswerRoutingTranscriptTests show it on the wire).
/// </summary>
public class UntaggedAnswersTests
{
    private static readonly MailboxName s_inbox = new("INBOX");
    private static readonly MailboxName s_other = new("Other");

    [Fact]
    public void Commands_declare_the_answers_they_take()
    {
        Assert.Equal(UntaggedAnswers.PlainSearch, new SearchCommand(SearchKey.All, esearch: false).Pipelining.Answers);
        Assert.Equal(UntaggedAnswers.TaggedSearch, new SearchCommand(SearchKey.All, esearch: true).Pipelining.Answers);
        Assert.Equal(UntaggedAnswers.Status(s_inbox), new StatusCommand(s_inbox, StatusItems.UidNext).Pipelining.Answers);
        Assert.Equal(new UntaggedAnswers(UntaggedAnswerKinds.List), new ListCommand(new ListRequest()).Pipelining.Answers);
        Assert.Equal(new UntaggedAnswers(UntaggedAnswerKinds.List | UntaggedAnswerKinds.Status),
            new ListCommand(new ListRequest { ReturnStatus = StatusItems.Messages }).Pipelining.Answers);
        Assert.Equal(default, new UidFetchCommand(UidSet.Parse("1:5"), FetchRequest.FlagsAndModSeq).Pipelining.Answers);
    }

    [Fact]
    public void Plain_searches_conflict_in_one_selection_and_tagged_ones_never()
    {
        Assert.True(UntaggedAnswers.PlainSearch.ConflictsWith(UntaggedAnswers.PlainSearch, sameSelection: true));
        Assert.True(UntaggedAnswers.PlainSearch.ConflictsWith(UntaggedAnswers.TaggedSearch, sameSelection: true));
        Assert.False(UntaggedAnswers.PlainSearch.ConflictsWith(UntaggedAnswers.PlainSearch, sameSelection: false));
        Assert.False(UntaggedAnswers.TaggedSearch.ConflictsWith(UntaggedAnswers.TaggedSearch, sameSelection: true));
        Assert.False(UntaggedAnswers.PlainSearch.ConflictsWith(UntaggedAnswers.Status(s_inbox), sameSelection: true));
        Assert.False(UntaggedAnswers.PlainSearch.ConflictsWith(default, sameSelection: true));
    }

    [Fact]
    public void Status_conflicts_per_mailbox_and_list_status_with_every_status_whatever_the_selection()
    {
        var listStatus = new UntaggedAnswers(UntaggedAnswerKinds.List | UntaggedAnswerKinds.Status);
        var list = new UntaggedAnswers(UntaggedAnswerKinds.List);
        Assert.True(UntaggedAnswers.Status(s_inbox).ConflictsWith(UntaggedAnswers.Status(new MailboxName("INBOX")), sameSelection: false));
        Assert.False(UntaggedAnswers.Status(s_inbox).ConflictsWith(UntaggedAnswers.Status(s_other), sameSelection: true));
        Assert.True(listStatus.ConflictsWith(UntaggedAnswers.Status(s_other), sameSelection: false));
        Assert.True(list.ConflictsWith(listStatus, sameSelection: false));
        Assert.False(list.ConflictsWith(UntaggedAnswers.Status(s_other), sameSelection: true));
        Assert.True(new UntaggedAnswers(UntaggedAnswerKinds.Lsub).ConflictsWith(new UntaggedAnswers(UntaggedAnswerKinds.Lsub), sameSelection: false));
        Assert.False(new UntaggedAnswers(UntaggedAnswerKinds.Lsub).ConflictsWith(list, sameSelection: false));
    }

    [Fact]
    public void Namespace_and_id_each_conflict_with_their_own_kind_only()
    {
        Assert.Equal(UntaggedAnswers.Namespace, SimpleCommand.Namespace.Pipelining.Answers);
        Assert.True(UntaggedAnswers.Namespace.ConflictsWith(UntaggedAnswers.Namespace, sameSelection: false));
        Assert.True(UntaggedAnswers.Id.ConflictsWith(UntaggedAnswers.Id, sameSelection: false));
        Assert.False(UntaggedAnswers.Namespace.ConflictsWith(UntaggedAnswers.Id, sameSelection: true));
        Assert.False(UntaggedAnswers.Id.ConflictsWith(new UntaggedAnswers(UntaggedAnswerKinds.List), sameSelection: true));
    }

    [Fact]
    public void Fetches_reporting_vanished_conflict_only_on_overlapping_sets()
    {
        var request = new FetchRequest { Flags = true, ChangedSince = new ModSeq(5), Vanished = true };
        var first = new UidFetchCommand(UidSet.Parse("1:5"), request).Pipelining.Messages!;
        var overlapping = new UidFetchCommand(UidSet.Parse("5:9"), request).Pipelining.Messages!;
        var disjoint = new UidFetchCommand(UidSet.Parse("6:9"), request).Pipelining.Messages!;
        var plain = new UidFetchCommand(UidSet.Parse("1:5"), FetchRequest.FlagsAndModSeq).Pipelining.Messages!;

        Assert.True(first.ReportsVanished);
        Assert.True(first.ConflictsWith(overlapping));
        Assert.False(first.ConflictsWith(disjoint));
        Assert.False(first.ConflictsWith(plain));
    }

    [Property(MaxTest = 300)]
    public bool Intersect_holds_the_uids_in_both_sets(uint[] a, uint[] b)
    {
        var left = UidSet.FromUids(a.Select(n => new Uid(n % 60 + 1)));
        var right = UidSet.FromUids(b.Select(n => new Uid(n % 60 + 1)));
        var expected = left.Select(u => u.Value).Intersect(right.Select(u => u.Value)).Order();
        return left.Intersect(right).Select(u => u.Value).SequenceEqual(expected)
            && left.Intersect(right).Equals(right.Intersect(left));
    }
}
