using System.Globalization;
using Imap.Sync;

namespace ImapSync.Cli.Configuration;

/// <summary>
/// Our own default-section keys for the mass-expunge safety valve: <c>allow-mass-expunge = yes</c>
/// turns it off for good; <c>mass-expunge-threshold = N</c> lets a run expunge up to N messages of a
/// mailbox on a side (default 100), or more when that is at most half of its mapped messages.
/// </summary>
internal static class MassExpungeLimitReader
{
    /// <returns>The limit, or null when mass expunges are allowed.</returns>
    public static MassExpungeLimit? Read(string path, Dictionary<string, IniEntry> global)
    {
        if (global.TryGetValue("allow-mass-expunge", out var allow)
            && (ConfigValues.ParseBoolean(allow.Value) ?? throw new ConfigException(path, allow.Line, allow.Key, "expected yes or no")))
        {
            return null;
        }

        if (!global.TryGetValue("mass-expunge-threshold", out var threshold))
        {
            return MassExpungeLimit.Default;
        }

        return int.TryParse(threshold.Value, NumberStyles.None, CultureInfo.InvariantCulture, out var messages)
            ? MassExpungeLimit.Default with { Messages = messages }
            : throw new ConfigException(path, threshold.Line, threshold.Key, "expected a number of messages");
    }
}
