using System.Buffers;
using System.Text;

namespace Imap.Benchmarks.Parser.Data;

/// <summary>Server response bytes for the benchmarks, shaped like Dovecot output.</summary>
internal static class ResponseData
{
    private static readonly string[] FlagVariants = [@"\Seen", @"\Seen \Flagged", @"\Seen $Label1 NonJunk", "", @"\Answered \Seen $Forwarded"];

    /// <summary><c>count</c> lines of <c>* n FETCH (UID u FLAGS (...) MODSEQ (m))</c> and a tagged OK.</summary>
    public static byte[] FlagsFetch(int count)
    {
        var builder = new StringBuilder(count * 64);
        for (var i = 1; i <= count; i++)
            builder.Append($"* {i} FETCH (UID {i + 1000} FLAGS ({FlagVariants[i % FlagVariants.Length]}) MODSEQ ({90060115194045001L + i}))\r\n");
        return Finish(builder);
    }

    /// <summary><c>count</c> FETCH responses with an RFC 3501-style ENVELOPE.</summary>
    public static byte[] EnvelopeFetch(int count)
    {
        var builder = new StringBuilder(count * 512);
        for (var i = 1; i <= count; i++)
        {
            builder.Append($"* {i} FETCH (UID {i} ENVELOPE (\"Wed, 17 Jul 1996 02:23:25 -0700 (PDT)\" \"Subject number {i} with some words\" ")
                .Append("((\"Terry Gray\" NIL \"gray\" \"cac.washington.edu\")) ((\"Terry Gray\" NIL \"gray\" \"cac.washington.edu\")) ")
                .Append("((\"Terry Gray\" NIL \"gray\" \"cac.washington.edu\")) ((NIL NIL \"imap\" \"cac.washington.edu\")) ")
                .Append("((NIL NIL \"minutes\" \"CNRI.Reston.VA.US\")(\"John Klensin\" NIL \"KLENSIN\" \"MIT.EDU\")) NIL NIL ")
                .Append($"\"<B27397-{i}@cac.washington.edu>\"))\r\n");
        }
        return Finish(builder);
    }

    /// <summary><c>count</c> FETCH responses with a multipart/mixed BODYSTRUCTURE (alternative + attachment).</summary>
    public static byte[] BodyStructureFetch(int count)
    {
        var builder = new StringBuilder(count * 512);
        for (var i = 1; i <= count; i++)
        {
            builder.Append($"* {i} FETCH (UID {i} BODYSTRUCTURE (((\"TEXT\" \"PLAIN\" (\"CHARSET\" \"UTF-8\") NIL NIL \"QUOTED-PRINTABLE\" 1234 40 NIL NIL NIL NIL)")
                .Append("(\"TEXT\" \"HTML\" (\"CHARSET\" \"UTF-8\") NIL NIL \"QUOTED-PRINTABLE\" 5678 120 NIL NIL NIL NIL) \"ALTERNATIVE\" (\"BOUNDARY\" \"b1\") NIL NIL NIL)")
                .Append("(\"APPLICATION\" \"PDF\" (\"NAME\" \"report.pdf\") NIL NIL \"BASE64\" 98765 NIL (\"ATTACHMENT\" (\"FILENAME\" \"report.pdf\")) NIL NIL) ")
                .Append("\"MIXED\" (\"BOUNDARY\" \"b0\") NIL NIL NIL))\r\n");
        }
        return Finish(builder);
    }

    /// <summary>One FETCH with a <c>size</c>-byte BODY[] literal.</summary>
    public static byte[] BodyLiteral(int size, uint uid = 9)
    {
        var header = Encoding.ASCII.GetBytes($"* 1 FETCH (UID {uid} BODY[] {{{size}}}\r\n");
        var trailer = Encoding.ASCII.GetBytes(")\r\n" + "A1 OK Fetch completed.\r\n");
        var bytes = new byte[header.Length + size + trailer.Length];
        header.CopyTo(bytes, 0);
        var line = "Lorem ipsum dolor sit amet, consectetur adipiscing elit, sed do eiusmod tempor.\r\n"u8;
        for (var i = 0; i < size; i++)
            bytes[header.Length + i] = line[i % line.Length];
        trailer.CopyTo(bytes, header.Length + size);
        return bytes;
    }

    /// <summary>The bytes cut into segments of <paramref name="segmentSize"/>, as a socket would deliver them.</summary>
    public static ReadOnlySequence<byte> Segmented(byte[] bytes, int segmentSize)
    {
        Segment? first = null, last = null;
        for (var start = 0; start < bytes.Length; start += segmentSize)
        {
            var segment = new Segment(bytes.AsMemory(start, Math.Min(segmentSize, bytes.Length - start)), last);
            first ??= segment;
            last = segment;
        }
        return first is null ? ReadOnlySequence<byte>.Empty : new ReadOnlySequence<byte>(first, 0, last!, last!.Memory.Length);
    }

    private static byte[] Finish(StringBuilder builder)
    {
        builder.Append("A1 OK Fetch completed (0.001 + 0.000 secs).\r\n");
        return Encoding.UTF8.GetBytes(builder.ToString());
    }

    private sealed class Segment : ReadOnlySequenceSegment<byte>
    {
        public Segment(ReadOnlyMemory<byte> memory, Segment? previous)
        {
            Memory = memory;
            if (previous is not null)
            {
                RunningIndex = previous.RunningIndex + previous.Memory.Length;
                previous.Next = this;
            }
        }
    }
}
