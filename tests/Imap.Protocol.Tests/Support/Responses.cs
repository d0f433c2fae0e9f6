using Imap.Protocol.Model;
using Imap.Protocol.Parsing;

namespace Imap.Protocol.Tests.Support;

/// <summary>Runs bytes through <see cref="ImapResponseSource"/> and collects what comes out.</summary>
internal static class Responses
{
    public static async Task<List<ImapResponse>> ReadAllAsync(ChunkedPipeReader input, ImapQuirks quirks = ImapQuirks.Recommended,
        ImapReaderLimits? limits = null, IFetchBodySinkProvider? sinks = null)
    {
        var source = new ImapResponseSource(input, limits, quirks) { BodySinks = sinks };
        var responses = new List<ImapResponse>();
        using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(20));
        while (await source.ReadAsync(timeout.Token) is { } response)
            responses.Add(response);
        return responses;
    }

    public static Task<List<ImapResponse>> ReadAllAsync(byte[] bytes, ImapQuirks quirks = ImapQuirks.Recommended,
        ImapReaderLimits? limits = null, IFetchBodySinkProvider? sinks = null) =>
        ReadAllAsync(new ChunkedPipeReader([bytes]), quirks, limits, sinks);

    /// <summary>Parses one vector line (notation, CRLF implied) that must give exactly one response of type T.</summary>
    public static async Task<T> OneAsync<T>(string notation, ImapQuirks quirks = ImapQuirks.Recommended) where T : ImapResponse
    {
        var responses = await ReadAllAsync(Wire.Line(notation), quirks);
        var single = Assert.Single(responses);
        return Assert.IsType<T>(single);
    }

    /// <summary>Parses a frame synchronously with the ref struct reader.</summary>
    public static ImapResponse ParseFrame(byte[] frame, ImapQuirks quirks = ImapQuirks.Recommended)
    {
        var reader = new ImapResponseReader(frame, quirks);
        return ResponseParser.Parse(ref reader, new ResponseParseContext(quirks: quirks));
    }
}
