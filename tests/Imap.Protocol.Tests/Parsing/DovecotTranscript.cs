using System.Diagnostics;
using System.IO.Pipelines;
using System.Text;
using Imap.Protocol.Model;
using Imap.Protocol.Parsing;

namespace Imap.Protocol.Tests.Parsing;

/// <summary>
/// Raw commands to a real pre-authenticated Dovecot imap process (the tunnel argv), with every reply read
/// by <see cref="ImapResponseSource"/>: the parser's known answers on real server bytes.
/// </summary>
internal sealed class DovecotTranscript : IAsyncDisposable
{
    private readonly Process _process;
    private readonly Stream _stdin;
    private readonly Task _stderr;
    private int _tag;

    private DovecotTranscript(Process process, IFetchBodySinkProvider? sinks)
    {
        _process = process;
        _stdin = process.StandardInput.BaseStream;
        _stderr = process.StandardError.ReadToEndAsync();
        Source = new ImapResponseSource(PipeReader.Create(process.StandardOutput.BaseStream), quirks: ImapQuirks.None) { BodySinks = sinks };
    }

    public ImapResponseSource Source { get; }

    public static DovecotTranscript Start(IReadOnlyList<string> argv, IFetchBodySinkProvider? sinks = null)
    {
        var start = new ProcessStartInfo(argv[0])
        {
            RedirectStandardInput = true,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        foreach (var argument in argv.Skip(1))
            start.ArgumentList.Add(argument);
        return new DovecotTranscript(Process.Start(start) ?? throw new InvalidOperationException("imap did not start"), sinks);
    }

    /// <summary>Reads one response (the greeting, or a continuation).</summary>
    public async Task<ImapResponse> ReadAsync()
    {
        using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(30));
        return await Source.ReadAsync(timeout.Token) ?? throw new InvalidOperationException("imap closed the connection");
    }

    /// <summary>Sends <c>tag command</c> (plus optional raw bytes) and returns the responses up to and including the tagged one.</summary>
    public async Task<List<ImapResponse>> RunAsync(string command, byte[]? literal = null)
    {
        var tag = "p" + ++_tag;
        await _stdin.WriteAsync(Encoding.UTF8.GetBytes($"{tag} {command}\r\n"));
        if (literal is not null)
            await _stdin.WriteAsync(literal.Concat("\r\n"u8.ToArray()).ToArray());
        await _stdin.FlushAsync();
        var responses = new List<ImapResponse>();
        while (true)
        {
            var response = await ReadAsync();
            responses.Add(response);
            if (response is StatusResponse { Tag: { } done } && done == tag)
                return responses;
        }
    }

    public async ValueTask DisposeAsync()
    {
        _stdin.Close();
        using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(10));
        try
        {
            await _process.WaitForExitAsync(timeout.Token);
        }
        catch (OperationCanceledException)
        {
            _process.Kill();
        }
        await _stderr;
        _process.Dispose();
    }
}
