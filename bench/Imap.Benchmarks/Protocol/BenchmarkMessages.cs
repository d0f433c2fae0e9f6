using System.Globalization;
using System.Text;

namespace Imap.Benchmarks.Protocol;

/// <summary>Small, distinct RFC 5322 messages for seeding and APPEND runs.</summary>
internal static class BenchmarkMessages
{
    public static byte[] Create(int index, string run)
    {
        var body = string.Concat(Enumerable.Repeat($"Line of benchmark text for message {index}.\r\n", 40));
        return Encoding.ASCII.GetBytes(string.Create(CultureInfo.InvariantCulture,
            $"From: bench@example.org\r\nTo: bench@example.org\r\nSubject: bench {index}\r\nMessage-ID: <{run}.{index}@bench>\r\nDate: Mon, 02 Jan 2023 10:00:00 +0000\r\n\r\n{body}"));
    }
}
