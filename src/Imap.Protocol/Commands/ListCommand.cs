using Imap.Protocol.Client;

namespace Imap.Protocol.Commands;

/// <summary>
/// LIST, with LIST-EXTENDED selection options, several patterns and RETURN (SUBSCRIBED CHILDREN
/// STATUS (…)) when asked.
/// </summary>
internal sealed class ListCommand(ListRequest request) : TypedCommand
{
    public ListRequest Request { get; } = request ?? throw new ArgumentNullException(nameof(request));

    public override string Name => "LIST";

    /// <summary>Two LISTs are never in flight together, nor a LIST-STATUS with a STATUS: their answers name no command.</summary>
    public override Pipelining Pipelining => Pipelining.Answering(new UntaggedAnswers(
        UntaggedAnswerKinds.List | (Request.ReturnStatus == StatusItems.None ? UntaggedAnswerKinds.None : UntaggedAnswerKinds.Status)));

    protected override ReadOnlySpan<byte> Verb => "LIST "u8;

    protected override void WriteArguments(ImapCommandBuilder builder)
    {
        var request = Request;
        if (request.SelectionOptions.Count > 0)
        {
            builder.Raw("("u8).Ascii(string.Join(' ', request.SelectionOptions)).Raw(") "u8);
        }
        builder.MailboxReference(request.Reference).Space();
        if (request.Patterns.Count == 1)
        {
            builder.MailboxPattern(request.Patterns[0]);
        }
        else
        {
            builder.Raw("("u8);
            for (var i = 0; i < request.Patterns.Count; i++)
            {
                if (i > 0)
                {
                    builder.Space();
                }
                builder.MailboxPattern(request.Patterns[i]);
            }
            builder.Raw(")"u8);
        }
        var returns = new List<string>();
        if (request.ReturnSubscribed)
        {
            returns.Add("SUBSCRIBED");
        }
        if (request.ReturnChildren)
        {
            returns.Add("CHILDREN");
        }
        if (request.ReturnStatus != StatusItems.None)
        {
            returns.Add($"STATUS ({StatusCommand.ItemNames(request.ReturnStatus)})");
        }
        if (returns.Count > 0)
        {
            builder.Raw(" RETURN ("u8).Ascii(string.Join(' ', returns)).Raw(")"u8);
        }
    }
}
