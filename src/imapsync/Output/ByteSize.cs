using System.Globalization;

namespace ImapSync.Cli.Output;

/// <summary>Sizes for people: plain bytes below 1024, then K, M, G with two decimals (as InterIMAP prints them).</summary>
internal static class ByteSize
{
    public static string Format(double bytes) => bytes switch
    {
        < 1024 => ((long)bytes).ToString(CultureInfo.InvariantCulture),
        < 1024 * 1024 => (bytes / 1024).ToString("0.00", CultureInfo.InvariantCulture) + "K",
        < 1024 * 1024 * 1024 => (bytes / (1024 * 1024)).ToString("0.00", CultureInfo.InvariantCulture) + "M",
        _ => (bytes / (1024 * 1024 * 1024)).ToString("0.00", CultureInfo.InvariantCulture) + "G",
    };
}
