using Imap.Sync.Adapters;

namespace Imap.Sync.Tests.Adapters;

/// <summary>
/// A run's spool directory: private, emptied of what a killed run left (its delete-on-close files
/// survive SIGKILL), removed at the end, and never a way to delete through a planted link.
/// </summary>
public sealed class SpoolDirectoryTests : IDisposable
{
    private readonly TempDirectory _work = new();

    public void Dispose() => _work.Dispose();

    [Fact]
    public void Claiming_removes_what_a_killed_run_left_and_the_directory_is_private()
    {
        var path = _work.File("state.db.spool");
        Directory.CreateDirectory(path);
        File.WriteAllText(Path.Combine(path, "imapsync-0123.eml"), "a body a SIGKILLed run never deleted");
        Directory.CreateDirectory(Path.Combine(path, "nested"));

        using (var spool = SpoolDirectory.Claim(path))
        {
            Assert.Equal(path, spool.Path);
            Assert.Empty(Directory.EnumerateFileSystemEntries(path));
            Assert.Equal(UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.UserExecute, File.GetUnixFileMode(path));
            File.WriteAllText(Path.Combine(path, "imapsync-4567.eml"), "still open when the run ends");
        }

        Assert.False(Directory.Exists(path));
    }

    [Fact]
    public void A_link_in_place_of_the_directory_is_removed_not_followed()
    {
        var target = _work.File("precious");
        Directory.CreateDirectory(target);
        File.WriteAllText(Path.Combine(target, "keep.txt"), "must survive");
        var path = _work.File("state.db.spool");
        Directory.CreateSymbolicLink(path, target);

        using (SpoolDirectory.Claim(path))
        {
            Assert.Null(new DirectoryInfo(path).LinkTarget);
        }

        Assert.Equal("must survive", File.ReadAllText(Path.Combine(target, "keep.txt")));
    }
}
