using System.Buffers;
using System.IO.Pipelines;
using Imap.Protocol.Framing;
using Imap.Protocol.Model;

namespace Imap.Protocol.Parsing;

/// <summary>
/// Reads typed responses from one connection's <see cref="PipeReader"/>: frames them with
/// <see cref="ImapFrameScanner"/> (never rescanning), parses each complete frame, and streams large FETCH
/// body literals to <see cref="BodySinks"/> so memory stays bounded. Not thread-safe: one reader loop.
/// </summary>
internal sealed class ImapResponseSource
{
    private readonly PipeReader _input;
    private readonly ResponseParseContext _context;
    private readonly HeldFrame _held = new();
    private readonly HeldFrame _scratch = new();
    private readonly FlagSummaryResponse _flagSummary = new();
    private ImapScanState _state;

    /// <summary>Creates a source over <paramref name="input"/>.</summary>
    /// <param name="input">The connection's decrypted, decompressed input.</param>
    /// <param name="limits">Limits; <see cref="ImapReaderLimits.Default"/> when null.</param>
    /// <param name="quirks">Tolerances; all recommended ones by default.</param>
    public ImapResponseSource(PipeReader input, ImapReaderLimits? limits = null, ImapQuirks quirks = ImapQuirks.Recommended)
    {
        ArgumentNullException.ThrowIfNull(input);
        _input = input;
        _context = new ResponseParseContext(limits, quirks);
    }

    /// <summary>
    /// Where FETCH body literals longer than <see cref="ImapReaderLimits.InlineLiteralThreshold"/> go. Null keeps
    /// them in the response, so a body must then also fit in <see cref="ImapReaderLimits.MaxFrameLength"/>.
    /// </summary>
    public IFetchBodySinkProvider? BodySinks { get; set; }

    /// <summary>
    /// Asked before each frame without streamed literals is parsed: when it returns true, a
    /// <c>* n FETCH</c> of nothing but UID, FLAGS and MODSEQ is read without allocating and returned as a
    /// <see cref="FlagSummaryResponse"/> (the same instance each time, valid until the next read) instead of
    /// a <see cref="FetchResponse"/>. Null (or false) reads every frame typed.
    /// </summary>
    public Func<bool>? ReadFlagSummaries { get; set; }

    /// <summary>Set after <c>ENABLE UTF8=ACCEPT</c>: mailbox names are then UTF-8 instead of modified UTF-7.</summary>
    public bool Utf8MailboxNames
    {
        get => _context.Utf8Names;
        set => _context.Utf8Names = value;
    }

    /// <summary>Bytes consumed from the stream so far.</summary>
    public long Position => _state.StreamOffset;

    /// <summary>
    /// Reads the next complete response. Returns null at a clean end of stream (between responses).
    /// After an <see cref="ImapProtocolException"/> caused by a bad response (not by a limit or truncation),
    /// the source has moved past that response and can read the next one.
    /// </summary>
    /// <exception cref="ImapProtocolException">Bad framing, grammar, a limit exceeded, or the stream ended inside a response.</exception>
    /// <exception cref="OperationCanceledException">Cancelled; a response may have been half read, so the connection must be dropped.</exception>
    public async ValueTask<ImapResponse?> ReadAsync(CancellationToken cancellationToken = default)
    {
        var limits = _context.Limits;
        while (true)
        {
            var result = await _input.ReadAsync(cancellationToken).ConfigureAwait(false);
            var buffer = result.Buffer;
            while (true)
            {
                var status = ImapFrameScanner.Scan(ref _state, buffer, limits, _context.Quirks);
                if (status == ImapScanStatus.FrameComplete)
                    return CompleteFrame(buffer);
                if (status == ImapScanStatus.NeedMoreData)
                    break;
                var sink = OpenSinkIfStreamed(buffer);
                if (sink is null)
                    continue;
                var length = _state.PendingLiteralLength;
                var binary = _state.PendingLiteralIsBinary;
                _held.Append(buffer.Slice(0, _state.Consumed));
                _held.Streamed.Add(new StreamedLiteral(_held.Length, length));
                _input.AdvanceTo(buffer.GetPosition(_state.Consumed));
                await StreamLiteralAsync(sink, length, binary, cancellationToken).ConfigureAwait(false);
                _state.ResumeAfterStreamedLiteral();
                goto nextRead;
            }

            if (result.IsCompleted)
            {
                if (buffer.IsEmpty && _held.Length == 0)
                    return null;
                throw new ImapProtocolException("The connection closed in the middle of a response", _state.StreamOffset + buffer.Length, string.Empty);
            }
            _input.AdvanceTo(buffer.Start, buffer.End);
        nextRead:;
        }
    }

    /// <summary>Decides what to do with an announced literal: keep it in the frame (returns null) or stream it.</summary>
    private IFetchBodySink? OpenSinkIfStreamed(in ReadOnlySequence<byte> buffer)
    {
        var limits = _context.Limits;
        var length = _state.PendingLiteralLength;
        var streamable = BodySinks is not null && length > limits.InlineLiteralThreshold;
        if (!streamable && length <= limits.MaxNonBodyLiteral)
        {
            _state.AcceptLiteral(limits);
            return null;
        }
        var body = DescribeBody(buffer.Slice(0, _state.Consumed), length);
        if (body is null)
        {
            if (length > limits.MaxNonBodyLiteral)
                throw new ImapProtocolException("Literal larger than the non-body literal limit", _state.StreamOffset + _state.Consumed, string.Empty);
            _state.AcceptLiteral(limits);
            return null;
        }
        if (!streamable)
        {
            _state.AcceptLiteral(limits);
            return null;
        }
        return BodySinks!.Open(body);
    }

    private FetchBodyContext? DescribeBody(in ReadOnlySequence<byte> partial, long length)
    {
        _scratch.Clear();
        _scratch.Append(_held.Span.Length == 0 ? ReadOnlySequence<byte>.Empty : new ReadOnlySequence<byte>(_held.Span.ToArray()));
        _scratch.Append(partial);
        return FetchBodyPrefix.Describe(_scratch.Span, _context.Quirks, _held.Streamed.ToArray(), length);
    }

    private async ValueTask StreamLiteralAsync(IFetchBodySink sink, long length, bool binary, CancellationToken cancellationToken)
    {
        var remaining = length;
        while (remaining > 0)
        {
            var result = await _input.ReadAsync(cancellationToken).ConfigureAwait(false);
            var buffer = result.Buffer;
            if (buffer.IsEmpty && result.IsCompleted)
                throw new ImapProtocolException("The connection closed inside a literal", _state.StreamOffset + _state.Consumed + length - remaining, string.Empty);
            var chunk = buffer.Slice(0, Math.Min(buffer.Length, remaining));
            foreach (var segment in chunk)
            {
                if (!binary && segment.Span.Contains((byte)0))
                    throw new ImapProtocolException("NUL inside a {n} literal", _state.StreamOffset + _state.Consumed + length - remaining, string.Empty);
                await sink.WriteAsync(segment, cancellationToken).ConfigureAwait(false);
            }
            remaining -= chunk.Length;
            _input.AdvanceTo(chunk.End);
        }
        await sink.CompleteAsync(cancellationToken).ConfigureAwait(false);
    }

    private ImapResponse CompleteFrame(in ReadOnlySequence<byte> buffer)
    {
        var frameLength = _state.Consumed;
        var frame = buffer.Slice(0, frameLength);
        var streamOffset = _state.StreamOffset - _held.Length;
        try
        {
            if (_held.Length > 0)
            {
                _held.Append(frame);
                return Parse(_held.Span, streamOffset, _held.Streamed.ToArray());
            }
            if (frame.IsSingleSegment)
                return Parse(frame.FirstSpan, streamOffset, default);
            _scratch.Clear();
            _scratch.Append(frame);
            return Parse(_scratch.Span, streamOffset, default);
        }
        finally
        {
            _input.AdvanceTo(frame.End);
            _state.NextFrame();
            _held.Clear();
        }
    }

    private ImapResponse Parse(ReadOnlySpan<byte> frame, long streamOffset, ReadOnlySpan<StreamedLiteral> streamed)
    {
        if (streamed.IsEmpty && ReadFlagSummaries?.Invoke() == true)
        {
            var summaryReader = new ImapResponseReader(frame, _context.Quirks, streamOffset, streamed);
            if (FetchSummaryParser.TryParseFlags(ref summaryReader, _context, out var sequenceNumber, out var flags))
                return _flagSummary.Set(sequenceNumber, flags);
        }
        var reader = new ImapResponseReader(frame, _context.Quirks, streamOffset, streamed);
        return ResponseParser.Parse(ref reader, _context);
    }
}
