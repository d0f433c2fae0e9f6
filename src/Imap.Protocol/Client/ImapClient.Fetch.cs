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

    /// <summary>
    /// UID FETCH of FLAGS (and MODSEQ, and the CHANGEDSINCE and VANISHED modifiers) whose answers are given
    /// to <paramref name="received"/> as <see cref="FetchedFlags"/>: a response of nothing but UID, FLAGS
    /// and MODSEQ is read without a <see cref="FetchResponse"/> (the flag scan of a synchronization), one with
    /// more is read typed and reduced; a response without FLAGS is not an answer. A long UID set is split
    /// into several pipelined commands, as with <see cref="FetchAsync"/>.
    /// </summary>
    /// <param name="uids">The messages.</param>
    /// <param name="request">Must ask for <see cref="FetchRequest.Flags"/> and no item but <see cref="FetchRequest.ModSeq"/>.</param>
    /// <param name="received">
    /// Called on the read loop for each answer, one at a time, in arrival order; it must return quickly and
    /// not wait for the client.
    /// </param>
    /// <param name="cancellationToken">Cancels the wait (the connection is then dropped).</param>
    /// <exception cref="ArgumentException">The request asks for something <see cref="FetchedFlags"/> cannot hold.</exception>
    public Task FetchFlagsAsync(UidSet uids, FetchRequest request, Action<FetchedFlags> received, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(uids);
        ArgumentNullException.ThrowIfNull(request);
        ArgumentNullException.ThrowIfNull(received);
        if (!request.Flags || request.InternalDate || request.Size || request.Envelope || request.BodyStructure
            || request.ObjectIds || request.GmailMessageId || request.BodyItems.Count > 0)
        {
            throw new ArgumentException("FetchFlagsAsync fetches FLAGS and MODSEQ only: use FetchAsync for other items.", nameof(request));
        }
        if (uids.IsEmpty)
        {
            return Task.CompletedTask;
        }
        return Task.WhenAll(uids.Split(_options.MaxUidSetLength)
            .Select(chunk => FetchChunkAsync(chunk, request, FetchInterest.ForFlags(chunk, request.ModSeq, received), cancellationToken)));
    }

    private Task<StatusResponse> FetchChunkAsync(UidSet chunk, FetchRequest request, Action<FetchResponse> output, CancellationToken cancellationToken) =>
        FetchChunkAsync(chunk, request, FetchInterest.ForFetch(chunk, request, output), cancellationToken);

    private Task<StatusResponse> FetchChunkAsync(UidSet chunk, FetchRequest request, FetchInterest interest, CancellationToken cancellationToken)
    {
        var pending = new PendingCommand(Encode(new UidFetchCommand(chunk, request)))
        {
            Fetches = interest,
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
