using System.Buffers;
using System.Diagnostics;
using System.IO.Pipelines;
using System.Net.Sockets;
using System.Text;
using Pipelines.Sockets.Unofficial;

namespace Imap.Benchmarks.Protocol;

/// <summary>
/// The plain TCP transport alone: the client's pipes over a <see cref="NetworkStream"/>
/// (<see cref="PipeReader.Create(Stream, StreamPipeReaderOptions?)"/>, what <c>ImapClient</c> uses) against
/// Pipelines.Sockets.Unofficial's <see cref="SocketConnection"/>, with the same minimal IMAP loop on
/// top (write NOOPs, read to their tagged OK). Measured in client CPU time per command, rounds of the
/// two alternating, so the load of a shared machine hits both alike; wall time would mostly measure it.
/// </summary>
internal static class TransportRuns
{
    public static async Task<(double StreamMicros, double SocketConnectionMicros)> MeasureAsync(BenchmarkTarget target, int commands, int depth, int rounds)
    {
        var stream = new List<double>();
        var socketConnection = new List<double>();
        for (var round = 0; round < rounds; round++)
        {
            stream.Add(await CpuPerCommandAsync(target, commands, depth, OpenStreamPipes));
            socketConnection.Add(await CpuPerCommandAsync(target, commands, depth, OpenSocketConnection));
        }
        return (Median(stream), Median(socketConnection));
    }

    private static IDuplexPipe OpenStreamPipes(Socket socket)
    {
        var network = new NetworkStream(socket, ownsSocket: true);
        return new StreamDuplex(PipeReader.Create(network), PipeWriter.Create(network));
    }

    private static IDuplexPipe OpenSocketConnection(Socket socket) => SocketConnection.Create(socket);

    private static async Task<double> CpuPerCommandAsync(BenchmarkTarget target, int commands, int depth, Func<Socket, IDuplexPipe> open)
    {
        var socket = new Socket(SocketType.Stream, ProtocolType.Tcp) { NoDelay = true };
        await socket.ConnectAsync(target.Host, target.Port);
        var pipe = open(socket);
        var tag = 0;
        await ReadLineAsync(pipe.Input); // greeting
        await SendAsync(pipe.Output, $"a LOGIN \"{target.User}\" \"{target.Password}\"\r\n");
        await ReadUntilTaggedAsync(pipe.Input, "a");
        var cpu = Process.GetCurrentProcess().TotalProcessorTime;
        while (tag < commands)
        {
            // A batch of <depth> NOOPs in flight, then their replies (depth 1: one round trip each).
            var batch = Math.Min(depth, commands - tag);
            var text = new StringBuilder();
            for (var i = 0; i < batch; i++)
            {
                text.Append('t').Append(tag + i).Append(" NOOP\r\n");
            }
            await SendAsync(pipe.Output, text.ToString());
            tag += batch;
            await ReadUntilTaggedAsync(pipe.Input, "t" + (tag - 1));
        }
        var used = Process.GetCurrentProcess().TotalProcessorTime - cpu;
        await SendAsync(pipe.Output, "z LOGOUT\r\n");
        await pipe.Output.CompleteAsync();
        await pipe.Input.CompleteAsync();
        (pipe as IDisposable)?.Dispose();
        socket.Dispose();
        return used.TotalMicroseconds / commands;
    }

    private static async Task SendAsync(PipeWriter output, string text)
    {
        output.Write(Encoding.ASCII.GetBytes(text));
        await output.FlushAsync();
    }

    private static async Task ReadUntilTaggedAsync(PipeReader input, string tag)
    {
        var prefix = tag + " ";
        while (!(await ReadLineAsync(input)).StartsWith(prefix, StringComparison.Ordinal))
        {
        }
    }

    private static async Task<string> ReadLineAsync(PipeReader input)
    {
        while (true)
        {
            var result = await input.ReadAsync();
            var buffer = result.Buffer;
            if (buffer.PositionOf((byte)'\n') is { } end)
            {
                var line = Encoding.ASCII.GetString(buffer.Slice(0, end));
                input.AdvanceTo(buffer.GetPosition(1, end));
                return line;
            }
            if (result.IsCompleted)
            {
                throw new IOException("connection closed");
            }
            input.AdvanceTo(buffer.Start, buffer.End);
        }
    }

    private static double Median(List<double> values) => values.Order().ElementAt(values.Count / 2);

    private sealed class StreamDuplex(PipeReader input, PipeWriter output) : IDuplexPipe
    {
        public PipeReader Input { get; } = input;

        public PipeWriter Output { get; } = output;
    }
}
