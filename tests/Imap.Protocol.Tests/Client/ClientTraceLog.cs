namespace Imap.Protocol.Tests.Client;

/// <summary>The client's protocol trace, to see what it wrote before which reply it read.</summary>
internal sealed class ClientTraceLog
{
    private readonly List<string> _lines = [];

    public void Add(string line)
    {
        lock (_lines)
        {
            _lines.Add(line);
        }
    }

    /// <summary>The first line containing <paramref name="first"/> comes before the first containing <paramref name="then"/>.</summary>
    public void AssertBefore(string first, string then)
    {
        var lines = Lines();
        var a = Array.FindIndex(lines, l => l.Contains(first, StringComparison.Ordinal));
        var b = Array.FindIndex(lines, l => l.Contains(then, StringComparison.Ordinal));
        Assert.True(a >= 0 && b > a, $"expected [{first}] before [{then}]:\n{string.Join('\n', lines)}");
    }

    /// <summary>
    /// The client wrote its second command containing <paramref name="command"/> after the first line containing
    /// <paramref name="reply"/> (for a command written twice, where <see cref="AssertBefore"/> finds the first).
    /// </summary>
    public void AssertSecondWrittenAfter(string reply, string command)
    {
        var lines = Lines();
        var a = Array.FindIndex(lines, l => l.Contains(reply, StringComparison.Ordinal));
        var written = lines.Select((line, index) => (line, index))
            .Where(l => l.line.StartsWith("C: ", StringComparison.Ordinal) && l.line.Contains(command, StringComparison.Ordinal))
            .Select(l => l.index)
            .ToArray();
        Assert.True(a >= 0 && written.Length == 2 && written[1] > a,
            $"expected the second [{command}] after [{reply}]:\n{string.Join('\n', lines)}");
    }

    private string[] Lines()
    {
        lock (_lines)
        {
            return [.. _lines];
        }
    }
}
