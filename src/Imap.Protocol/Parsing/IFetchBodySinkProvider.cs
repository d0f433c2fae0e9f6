namespace Imap.Protocol.Parsing;

/// <summary>Chooses where each streamed FETCH body literal goes.</summary>
public interface IFetchBodySinkProvider
{
    /// <summary>Opens a sink for the body literal described by <paramref name="context"/>.</summary>
    IFetchBodySink Open(FetchBodyContext context);
}
