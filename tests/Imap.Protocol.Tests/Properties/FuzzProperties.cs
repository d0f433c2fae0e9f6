using FsCheck;
using FsCheck.Xunit;
using Imap.Protocol.Model;
using Imap.Protocol.Tests.Support;
using Imap.Protocol.Tests.Vectors;

namespace Imap.Protocol.Tests.Properties;

/// <summary>
/// Random and mutated input: the only failure is <see cref="ImapProtocolException"/>, reading always ends,
/// and allocation stays within a bound set by the (small) limits, never by what the input announces.
/// </summary>
public class FuzzProperties
{
    private static readonly ImapReaderLimits SmallLimits = new()
    {
        MaxLineLength = 1024,
        MaxNonBodyLiteral = 1024,
        MaxBodyLiteral = 8192,
        MaxFrameLength = 16384,
        MaxNesting = 16,
        InlineLiteralThreshold = 512,
    };

    private const long AllocationBound = 4 << 20;

    private static readonly Vector[] Seeds = [.. VectorCatalog.All];

    [Property(MaxTest = 1500)]
    public Task Mutated_vectors(PositiveInt seed, (PositiveInt Position, byte Value, byte Kind)[] mutations, PositiveInt cut, bool strict)
    {
        var bytes = new List<byte>(Seeds[seed.Get % Seeds.Length].Bytes);
        foreach (var (position, value, kind) in mutations)
        {
            var at = position.Get % (bytes.Count + 1);
            switch (kind % 5)
            {
                case 0 when at < bytes.Count:
                    bytes[at] = value;
                    break;
                case 1:
                    bytes.Insert(at, value);
                    break;
                case 2 when at < bytes.Count:
                    bytes.RemoveAt(at);
                    break;
                case 3:
                    bytes.InsertRange(at, Interesting[value % Interesting.Length]);
                    break;
                default:
                    bytes.InsertRange(at, bytes.Take(at).TakeLast(value % 32).ToList());
                    break;
            }
        }
        return RunAsync([.. bytes], cut.Get, strict ? ImapQuirks.None : ImapQuirks.Recommended);
    }

    [Property(MaxTest = 500)]
    public Task Random_bytes(byte[] bytes, PositiveInt cut) => RunAsync(bytes, cut.Get, ImapQuirks.Recommended);

    [Property(MaxTest = 500)]
    public Task Random_tokens(byte[] choices, PositiveInt cut)
    {
        var bytes = choices.SelectMany(c => Interesting[c % Interesting.Length]).ToArray();
        return RunAsync(bytes, cut.Get, ImapQuirks.Recommended);
    }

    private static readonly byte[][] Interesting =
    [
        "\r\n"u8.ToArray(), "\n"u8.ToArray(), " "u8.ToArray(), "("u8.ToArray(), ")"u8.ToArray(), "\""u8.ToArray(), "\\"u8.ToArray(),
        "{0}\r\n"u8.ToArray(), "{5}\r\n"u8.ToArray(), "~{3}\r\n"u8.ToArray(), "{99999999}\r\n"u8.ToArray(), "{18446744073709551615}\r\n"u8.ToArray(),
        "* "u8.ToArray(), "+ "u8.ToArray(), "a1 OK "u8.ToArray(), "* 1 FETCH ("u8.ToArray(), "BODY[] "u8.ToArray(), "NIL"u8.ToArray(),
        "[UIDNEXT "u8.ToArray(), "]"u8.ToArray(), "4294967296"u8.ToArray(), "0"u8.ToArray(), "FLAGS ("u8.ToArray(), "\\Seen"u8.ToArray(),
        "BODYSTRUCTURE ("u8.ToArray(), "ENVELOPE ("u8.ToArray(), "* LIST () \"/\" "u8.ToArray(), "&U,BTFw-"u8.ToArray(), [0], [0xff],
        "* ESEARCH (TAG \"a\") ALL "u8.ToArray(), "1:*"u8.ToArray(), "* VANISHED (EARLIER) "u8.ToArray(), "[COPYUID 1 1:3 4:6]"u8.ToArray(),
    ];

    private static async Task RunAsync(byte[] bytes, int cut, ImapQuirks quirks)
    {
        var work = Task.Run(async () =>
        {
            var before = GC.GetAllocatedBytesForCurrentThread();
            try
            {
                await Responses.ReadAllAsync(ChunkedPipeReader.Split(bytes, cut % (bytes.Length + 1)), quirks, SmallLimits,
                    new DiscardingSinks());
            }
            catch (ImapProtocolException)
            {
            }
            return GC.GetAllocatedBytesForCurrentThread() - before;
        });
        // A hang surfaces as TimeoutException.
        var allocated = await work.WaitAsync(TimeSpan.FromSeconds(10));
        Assert.InRange(allocated, 0, AllocationBound + (bytes.Length * 64L));
    }

    private sealed class DiscardingSinks : Imap.Protocol.Parsing.IFetchBodySinkProvider, Imap.Protocol.Parsing.IFetchBodySink
    {
        public Imap.Protocol.Parsing.IFetchBodySink Open(Imap.Protocol.Parsing.FetchBodyContext context) => this;

        public ValueTask WriteAsync(ReadOnlyMemory<byte> chunk, CancellationToken cancellationToken) => ValueTask.CompletedTask;

        public ValueTask CompleteAsync(CancellationToken cancellationToken) => ValueTask.CompletedTask;
    }
}
