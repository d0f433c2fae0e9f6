using System.Collections.Concurrent;

namespace Imap.Testing.Processes;

/// <summary>
/// Last-resort safety net: servers that are still running when the test process exits (a fixture
/// never disposed, a crashed test run) are killed and their directories deleted.
/// </summary>
internal static class FixtureRegistry
{
    private static readonly ConcurrentDictionary<string, bool> LiveDirectories = new(StringComparer.Ordinal);
    private static int _hooked;

    public static void Register(string directory)
    {
        if (Interlocked.Exchange(ref _hooked, 1) == 0)
        {
            AppDomain.CurrentDomain.ProcessExit += (_, _) => CleanUpAll();
        }

        LiveDirectories[directory] = true;
    }

    public static void Unregister(string directory) => LiveDirectories.TryRemove(directory, out _);

    /// <summary>Directories of servers started by this process and not yet stopped.</summary>
    public static IReadOnlyCollection<string> Live => [.. LiveDirectories.Keys];

    private static void CleanUpAll()
    {
        foreach (var directory in LiveDirectories.Keys)
        {
            try
            {
                InstanceDirectories.ForceRemove(directory);
            }
            catch (IOException)
            {
                // Nothing more can be done at process exit; test.sh's sweep is the next line of defence.
            }
            catch (UnauthorizedAccessException)
            {
                // Same.
            }
        }
    }
}
