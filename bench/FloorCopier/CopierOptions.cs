using System.Globalization;

namespace FloorCopier;

/// <summary>
/// Command line of the floor copier: <c>--from HOST:PORT --to HOST:PORT --user U --password P
/// [--compress-from] [--compress-to] [--batch-bytes N] [--batch-messages N]</c>. The batch defaults
/// are the sync engine's (1 MiB, 1,000 messages), so the floor differs from imapsync only by what the
/// engine adds.
/// </summary>
internal sealed record CopierOptions(string FromHost, int FromPort, string ToHost, int ToPort, string User, string Password, bool CompressFrom, bool CompressTo)
{
    public const string Usage = "usage: FloorCopier --from HOST:PORT --to HOST:PORT --user USER --password PASSWORD [--compress-from] [--compress-to] [--batch-bytes N] [--batch-messages N]";

    /// <summary>A batch (one MULTIAPPEND) closes at this many bytes.</summary>
    public long BatchBytes { get; init; } = 1L << 20;

    /// <summary>A batch closes at this many messages.</summary>
    public int BatchMessages { get; init; } = 1000;

    public static CopierOptions Parse(IReadOnlyList<string> args)
    {
        string? from = null, to = null, user = null, password = null;
        bool compressFrom = false, compressTo = false;
        long batchBytes = 1L << 20;
        var batchMessages = 1000;
        for (var i = 0; i < args.Count; i++)
        {
            switch (args[i])
            {
                case "--from": from = Value(args, ++i); break;
                case "--to": to = Value(args, ++i); break;
                case "--user": user = Value(args, ++i); break;
                case "--password": password = Value(args, ++i); break;
                case "--compress-from": compressFrom = true; break;
                case "--compress-to": compressTo = true; break;
                case "--batch-bytes": batchBytes = Number(Value(args, ++i)); break;
                case "--batch-messages": batchMessages = (int)Number(Value(args, ++i)); break;
                default: throw new ArgumentException($"unknown argument '{args[i]}'");
            }
        }
        if (from is null || to is null || user is null || password is null)
        {
            throw new ArgumentException("--from, --to, --user and --password are required");
        }
        var (fromHost, fromPort) = Endpoint(from);
        var (toHost, toPort) = Endpoint(to);
        return new CopierOptions(fromHost, fromPort, toHost, toPort, user, password, compressFrom, compressTo)
        {
            BatchBytes = batchBytes,
            BatchMessages = batchMessages,
        };
    }

    private static long Number(string text) =>
        long.TryParse(text, NumberStyles.None, CultureInfo.InvariantCulture, out var n) && n > 0 && n <= int.MaxValue
            ? n
            : throw new ArgumentException($"'{text}' is not a positive number");

    private static string Value(IReadOnlyList<string> args, int i) =>
        i < args.Count ? args[i] : throw new ArgumentException($"{args[i - 1]} needs a value");

    private static (string Host, int Port) Endpoint(string text)
    {
        var colon = text.LastIndexOf(':');
        if (colon <= 0 || !int.TryParse(text.AsSpan(colon + 1), NumberStyles.None, CultureInfo.InvariantCulture, out var port))
        {
            throw new ArgumentException($"'{text}' is not HOST:PORT");
        }
        return (text[..colon], port);
    }
}
