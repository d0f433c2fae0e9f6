using System.Runtime.CompilerServices;
using System.Threading.Channels;
using Imap.Protocol.Commands;
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
        var commands = uids.Split(_options.MaxUidSetLength).Select(chunk => FetchChunkAsync(chunk, request, f => channel.Writer.TryWrite(f), cancellationToken)).ToArray();
        var all = Task.WhenAll(commands);
        _ = all.ContinueWith(t => channel.Writer.TryComplete(t.Exception?.InnerException), CancellationToken.None,
            TaskContinuationOptions.ExecuteSynchronously, TaskScheduler.Default);
        await foreach (var fetch in channel.Reader.ReadAllAsync(cancellationToken).ConfigureAwait(false))
        {
            yield return fetch;
        }
        await all.ConfigureAwait(false);
    }

    /// <summary>
    /// UID FETCH collected into a list (convenient for small results such as flags). Responses are added
    /// as the read loop receives them, without the hand-over to a consumer that <see cref="FetchAsync"/> makes.
    /// </summary>
    public async Task<IReadOnlyList<FetchResponse>> FetchListAsync(UidSet uids, FetchRequest request, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(uids);
        ArgumentNullException.ThrowIfNull(request);
        var list = new List<FetchResponse>();
        if (uids.IsEmpty)
        {
            return list;
        }
        var commands = uids.Split(_options.MaxUidSetLength).Select(chunk => FetchChunkAsync(chunk, request, f =>
        {
            lock (list)
            {
                list.Add(f);
            }
        }, cancellationToken)).ToArray();
        await Task.WhenAll(commands).ConfigureAwait(false);
        return list;
    }

    private Task<StatusResponse> FetchChunkAsync(UidSet chunk, FetchRequest request, Action<FetchResponse> output, CancellationToken cancellationToken)
    {
        var pending = new PendingCommand(Encode(new UidFetchCommand(chunk, request)))
        {
            Fetches = FetchInterest.ForFetch(chunk, request, output),
            BodySinks = request.BodySinks,
            Claim = r =>
            {
                // The read loop offers it to every FETCH in flight: this chunk's UIDs are its answer.
                if (r is not VanishedResponse { Earlier: true } v || !request.Vanished || v.Uids.Intersect(chunk) is not { IsEmpty: false } mine)
                {
                    return false;
                }
                request.OnVanished?.Invoke(mine);
                return true;
            },
        };
        return _connection.ExecuteAsync(pending, cancellationToken);
    }
}
