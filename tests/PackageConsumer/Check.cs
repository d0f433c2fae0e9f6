using Imap.Protocol.Model;

namespace PackageConsumer;

/// <summary>The checks: each failure names what was expected and what came.</summary>
internal static class Check
{
    public static void That(bool condition, string what)
    {
        if (!condition)
        {
            throw new InvalidOperationException("package consumer: FAILED: " + what);
        }
    }

    public static void Message(FetchResponse message, byte[] body, string server)
    {
        var fetched = message.GetBody()?.Data;
        That(fetched is { } data && data.Span.SequenceEqual(body), $"{server} returns the appended bytes");
        That(message.Flags is { } flags && flags.Contains(ImapFlag.Flagged), $"{server} has \\Flagged (got {message.Flags})");
    }
}
