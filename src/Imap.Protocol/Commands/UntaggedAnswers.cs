using Imap.Protocol.Model;

namespace Imap.Protocol.Commands;

/// <summary>
/// The untagged data that answers a command without saying which command it answers: a plain
/// <c>* SEARCH</c>, <c>* STATUS</c>, <c>* LIST</c>, <c>* LSUB</c>, <c>* NAMESPACE</c>, <c>* ID</c>. Two commands in flight that would both
/// take the same such data could get each other's answer, so the scheduler never has them in flight
/// together (<see cref="ConflictsWith"/>); the second waits for the first to complete.
/// </summary>
/// <param name="Kinds">What the command takes.</param>
/// <param name="StatusOf">For <see cref="UntaggedAnswerKinds.Status"/>: the mailbox, or null for any (LIST-STATUS).</param>
internal readonly record struct UntaggedAnswers(UntaggedAnswerKinds Kinds, MailboxName? StatusOf = null)
{
    /// <summary>UID SEARCH answered by <c>* SEARCH</c>, which nothing ties to its command.</summary>
    public static UntaggedAnswers PlainSearch => new(UntaggedAnswerKinds.Search);

    /// <summary>UID SEARCH RETURN (…) answered by <c>* ESEARCH (TAG "t")</c>: routed by tag, pipelined freely.</summary>
    public static UntaggedAnswers TaggedSearch => new(UntaggedAnswerKinds.TaggedSearch);

    /// <summary>NAMESPACE, answered by <c>* NAMESPACE</c>.</summary>
    public static UntaggedAnswers Namespace => new(UntaggedAnswerKinds.Namespace);

    /// <summary>ID, answered by <c>* ID</c>.</summary>
    public static UntaggedAnswers Id => new(UntaggedAnswerKinds.Id);

    /// <summary>STATUS of <paramref name="mailbox"/>.</summary>
    public static UntaggedAnswers Status(MailboxName mailbox) => new(UntaggedAnswerKinds.Status, mailbox);

    /// <summary>The answers of which nothing tells two commands apart, in any selection.</summary>
    private const UntaggedAnswerKinds OnePerConnection =
        UntaggedAnswerKinds.List | UntaggedAnswerKinds.Lsub | UntaggedAnswerKinds.Namespace | UntaggedAnswerKinds.Id;

    /// <summary>True for a UID SEARCH of either kind.</summary>
    public bool IsSearch => (Kinds & (UntaggedAnswerKinds.Search | UntaggedAnswerKinds.TaggedSearch)) != 0;

    /// <summary>
    /// True when the two must not be in flight together. SEARCH answers belong to a selection, so two
    /// searches conflict only in the same one (<paramref name="sameSelection"/>); STATUS, LIST and LSUB
    /// answers do not, and neither do the rest (LIST, LSUB, NAMESPACE, ID), so they conflict whatever the selection.
    /// </summary>
    public bool ConflictsWith(UntaggedAnswers other, bool sameSelection)
    {
        var plainSearch = ((Kinds | other.Kinds) & UntaggedAnswerKinds.Search) != 0;
        if (sameSelection && plainSearch && IsSearch && other.IsSearch)
        {
            return true;
        }
        if ((Kinds & other.Kinds & UntaggedAnswerKinds.Status) != 0
            && (StatusOf is null || other.StatusOf is null || StatusOf.Equals(other.StatusOf)))
        {
            return true;
        }
        return (Kinds & other.Kinds & OnePerConnection) != 0;
    }
}

/// <summary>The kinds of <see cref="UntaggedAnswers"/>.</summary>
[Flags]
internal enum UntaggedAnswerKinds
{
    /// <summary>None: the command's untagged data, if any, is tied to it or to no command.</summary>
    None = 0,

    /// <summary><c>* SEARCH</c>.</summary>
    Search = 1,

    /// <summary><c>* ESEARCH (TAG "t")</c>.</summary>
    TaggedSearch = 1 << 1,

    /// <summary><c>* STATUS</c> (STATUS, LIST-STATUS).</summary>
    Status = 1 << 2,

    /// <summary><c>* LIST</c>.</summary>
    List = 1 << 3,

    /// <summary><c>* LSUB</c>.</summary>
    Lsub = 1 << 4,

    /// <summary><c>* NAMESPACE</c>.</summary>
    Namespace = 1 << 5,

    /// <summary><c>* ID</c>.</summary>
    Id = 1 << 6,
}
