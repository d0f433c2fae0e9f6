using System.IO.Compression;
using System.Net;
using System.Net.Sockets;
using Imap.Protocol.Transport;

namespace Imap.Protocol.Tests.Transport;

public class DeflateDuplexStreamTests
{
    [Fact]
    public async Task Each_flush_delivers_the_whole_message_without_closing()
    {
        var (a, b) = await ConnectedPair();
        await using var left = new DeflateDuplexStream(a, default);
        await using var right = new DeflateDuplexStream(b, default);
        for (var i = 0; i < 3; i++)
        {
            var message = System.Text.Encoding.ASCII.GetBytes($"a00{i} NOOP\r\n");
            await left.WriteAsync(message);
            await left.FlushAsync();
            var received = new byte[message.Length];
            await right.ReadExactlyAsync(received).AsTask().WaitAsync(TimeSpan.FromSeconds(5));
            Assert.Equal(message, received);
        }
        Assert.Equal(33, left.PlainBytesWritten);
        Assert.Equal(33, right.PlainBytesRead);
    }

    [Fact]
    public async Task Bytes_received_before_the_layer_are_inflated_first()
    {
        // What the server compressed; we pretend its first 5 bytes were already read by the old pipe.
        var compressed = new MemoryStream();
        await using (var deflate = new DeflateStream(compressed, CompressionLevel.Optimal, leaveOpen: true))
        {
            await deflate.WriteAsync("* OK compressed hello\r\n"u8.ToArray());
            await deflate.FlushAsync();
        }
        var all = compressed.ToArray();
        var stream = new DeflateDuplexStream(new MemoryStream(all, 5, all.Length - 5), all.AsMemory(0, 5));
        var reader = new StreamReader(stream);
        Assert.Equal("* OK compressed hello", await reader.ReadLineAsync());
    }

    private static async Task<(Stream, Stream)> ConnectedPair()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        var client = new TcpClient();
        await client.ConnectAsync(IPAddress.Loopback, ((IPEndPoint)listener.LocalEndpoint).Port);
        var server = await listener.AcceptTcpClientAsync();
        return (client.GetStream(), server.GetStream());
    }
}
