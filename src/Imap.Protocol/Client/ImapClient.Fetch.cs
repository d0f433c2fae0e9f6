using Imap.Protocol.Commands;
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
        var pending = new PendingCommand(Encode(new UidFetchCommand(chunk, request)))
        {
            Fetches = FetchInterest.ForFetch(chunk, request, f => output.TryWrite(f)),
            BodySinks = request.BodySinks,
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
        return _connection.ExecuteAsync(pending, cancellationToken);
    }
}
