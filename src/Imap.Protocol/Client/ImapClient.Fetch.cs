using System.Runtime.CompilerServices;
using System.Threading.Channels;
using Imap.Protocol.Model;

namespace Imap.Protocol.Client;

public sealed partial class ImapClient
{
    /// <summary>
    /// UID FETCH, streamed: responses are yielded as they arrive. A long UID set is split into several
    /// commands that are pipelined. Bodies above the parser's inline threshold go to
    /// <see cref="FetchRequest.BodySinks"/> when set.
    /// </summary>
    public async IAsyncEnumerable<FetchResponse> FetchAsync(
        UidSet uids,
        FetchRequest request,
        [EnumeratorCancellation] CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(uids);
        ArgumentNullException.ThrowIfNull(request);
        if (uids.IsEmpty)
        {
            yield break;
        }
        var channel = Channel.CreateUnbounded<FetchResponse>(new UnboundedChannelOptions { SingleReader = true });
        var commands = uids.Split(_options.MaxUidSetLength).Select(chunk => FetchChunkAsync(chunk, request, channel.Writer, cancellationToken)).ToArray();
        var all = Task.WhenAll(commands);
        _ = all.ContinueWith(t => channel.Writer.TryComplete(t.Exception?.InnerException), CancellationToken.None,
            TaskContinuationOptions.ExecuteSynchronously, TaskScheduler.Default);
        await foreach (var fetch in channel.Reader.ReadAllAsync(cancellationToken).ConfigureAwait(false))
        {
            yield return fetch;
        }
        await all.ConfigureAwait(false);
    }

    /// <summary>UID FETCH collected into a list (convenient for small results such as flags).</summary>
    public async Task<IReadOnlyList<FetchResponse>> FetchListAsync(UidSet uids, FetchRequest request, CancellationToken cancellationToken = default)
    {
        var list = new List<FetchResponse>();
        await foreach (var fetch in FetchAsync(uids, request, cancellationToken).ConfigureAwait(false))
        {
            list.Add(fetch);
        }
        return list;
    }

    private Task<StatusResponse> FetchChunkAsync(UidSet chunk, FetchRequest request, ChannelWriter<FetchResponse> output, CancellationToken cancellationToken)
    {
        var builder = Command("UID FETCH", "UID FETCH "u8).Uids(chunk).Raw(" (UID"u8);
        if (request.Flags) builder.Raw(" FLAGS"u8);
        if (request.ModSeq) builder.Raw(" MODSEQ"u8);
        if (request.InternalDate) builder.Raw(" INTERNALDATE"u8);
        if (request.Size) builder.Raw(" RFC822.SIZE"u8);
        if (request.Envelope) builder.Raw(" ENVELOPE"u8);
        if (request.BodyStructure) builder.Raw(" BODYSTRUCTURE"u8);
        if (request.ObjectIds) builder.Raw(" EMAILID THREADID"u8);
        if (request.GmailMessageId) builder.Raw(" X-GM-MSGID"u8);
        foreach (var item in request.BodyItems)
        {
            builder.Space().Ascii(item);
        }
        builder.Raw(")"u8);
        if (request.ChangedSince is { } since)
        {
            builder.Raw(" (CHANGEDSINCE "u8).Number(since.Value);
            if (request.Vanished)
            {
                builder.Raw(" VANISHED"u8);
            }
            builder.Raw(")"u8);
        }
        var pending = new PendingCommand(builder.Build())
        {
            Fetches = FetchInterest.ForFetch(chunk, request, f => output.TryWrite(f)),
            BodySinks = request.BodySinks,
            Access = new MessageAccess(chunk, Changes: request.SetsSeen),
            Claim = r =>
            {
                if (r is VanishedResponse { Earlier: true } v && request.Vanished)
                {
                    request.OnVanished?.Invoke(v.Uids);
                    return true;
                }
                return false;
            },
        };
        return ExecuteAsync(pending, cancellationToken);
    }
}
