namespace Imap.Protocol.Parsing;

/// <summary>Receives one large FETCH body literal chunk by chunk, so the message is never held whole.</summary>
public interface IFetchBodySink
{
    /// <summary>Receives the next chunk. The memory is only valid until the returned task completes.</summary>
    ValueTask WriteAsync(ReadOnlyMemory<byte> chunk, CancellationToken cancellationToken);

    /// <summary>Called once after the last chunk.</summary>
    ValueTask CompleteAsync(CancellationToken cancellationToken);
}
