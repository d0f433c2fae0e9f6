using System.Reflection;
using Imap.Sync.Ports;
using Imap.Sync.State;
using Microsoft.Data.Sqlite;

namespace Imap.Sync.Tests.State;

/// <summary>SQLite's failures leave the store as <see cref="SyncStateException"/>s that name the file and the fix.</summary>
public sealed class StateErrorTests : IDisposable
{
    private readonly TempDirectory _dir = new();

    public void Dispose() => _dir.Dispose();

    [Fact]
    public void A_full_disk_during_a_write_is_a_state_error_and_the_transaction_records_nothing()
    {
        var path = _dir.File("full.db");
        using var store = SyncStateStore.Open(path);
        var box = store.AddMailbox("INBOX", true);
        store.SaveSideStates(box.Id, new SideState(1, 0, 0), new SideState(2, 0, 0));
        CapAtCurrentSize(store);

        // Enough rows that the write needs new pages, which the cap refuses as a full disk would.
        var intents = Enumerable.Range(1, 2_000)
            .Select(i => new CopyIntent(SyncSide.Remote, (uint)i, 1000, "01-Jan-2020 00:00:00 +0000", $"<{i}-{new string('x', 200)}@example.org>"))
            .ToList();
        var ex = Assert.Throws<SyncStateException>(() => store.RecordCopyIntents(box.Id, intents));

        Assert.StartsWith($"The disk holding the state database {path} is full", ex.Message, StringComparison.Ordinal);
        Assert.Contains("next run redoes it", ex.Message, StringComparison.Ordinal);
        Assert.IsType<SqliteException>(ex.InnerException);
        Assert.Empty(store.GetCopyIntents(box.Id));
        Assert.Equal(new SideState(1, 0, 0), store.GetSideStates(box.Id)!.Value.Local);
    }

    [Fact]
    public void A_file_that_is_not_a_database_is_reported_as_damaged_with_the_way_out()
    {
        var path = _dir.File("garbage.db");
        File.WriteAllBytes(path, Enumerable.Repeat((byte)0x5A, 8192).ToArray());

        var ex = Assert.Throws<SyncStateException>(() => SyncStateStore.Open(path));

        Assert.IsNotType<SyncStateLockedException>(ex);
        Assert.Contains($"The state database {path} is damaged", ex.Message, StringComparison.Ordinal);
        Assert.Contains("move it away", ex.Message, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData(13, "is full")]
    [InlineData(10, "I/O error")]
    [InlineData(266, "I/O error")] // SQLITE_IOERR_READ: the primary code is the low byte
    [InlineData(8, "cannot be written")]
    [InlineData(11, "is damaged")]
    [InlineData(1, "failed: boom")]
    public void Each_kind_of_failure_gets_its_own_explanation(int code, string expected)
    {
        var error = StateErrors.Translate(new SqliteException("boom", code), "/tmp/x.db");

        Assert.Contains(expected, error.Message, StringComparison.Ordinal);
        Assert.Contains("/tmp/x.db", error.Message, StringComparison.Ordinal);
        Assert.IsNotType<SyncStateLockedException>(error);
    }

    [Theory]
    [InlineData(5)]
    [InlineData(6)]
    public void Busy_and_locked_are_the_lock_error(int code) =>
        Assert.IsType<SyncStateLockedException>(StateErrors.Translate(new SqliteException("busy", code), "/tmp/x.db"));

    // PRAGMA max_page_count caps the file at its current size: the next write that needs a page fails
    // with SQLITE_FULL, exactly as on a full disk. The store has no API for it, so the test reaches its connection.
    private static void CapAtCurrentSize(SyncStateStore store)
    {
        var connection = (SqliteConnection)typeof(SyncStateStore)
            .GetField("_connection", BindingFlags.NonPublic | BindingFlags.Instance)!.GetValue(store)!;
        using var command = connection.CreateCommand();
        command.CommandText = "PRAGMA max_page_count = 1; PRAGMA max_page_count";
        Assert.True(Convert.ToInt64(command.ExecuteScalar(), System.Globalization.CultureInfo.InvariantCulture) > 1);
    }
}
