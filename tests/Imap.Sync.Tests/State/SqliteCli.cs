using System.Diagnostics;

namespace Imap.Sync.Tests.State;

/// <summary>Runs the sqlite3 command-line tool, the way a third party would look at our database.</summary>
internal static class SqliteCli
{
    public static async Task<string> RunAsync(string database, string sql)
    {
        var info = new ProcessStartInfo("sqlite3")
        {
            RedirectStandardInput = true,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
        };
        info.ArgumentList.Add(database);
        using var process = Process.Start(info)!;
        await process.StandardInput.WriteAsync(sql);
        process.StandardInput.Close();
        var output = await process.StandardOutput.ReadToEndAsync();
        var error = await process.StandardError.ReadToEndAsync();
        await process.WaitForExitAsync();
        Assert.True(process.ExitCode == 0, $"sqlite3 failed: {error}");
        return output.Trim();
    }

    /// <summary>Runs a statement expected to fail; returns the tool's standard error.</summary>
    public static async Task<string> FailAsync(string database, string sql)
    {
        var info = new ProcessStartInfo("sqlite3") { RedirectStandardError = true };
        info.ArgumentList.Add(database);
        info.ArgumentList.Add(sql);
        using var process = Process.Start(info)!;
        var error = await process.StandardError.ReadToEndAsync();
        await process.WaitForExitAsync();
        Assert.True(process.ExitCode != 0, $"sqlite3 succeeded: {sql}");
        return error;
    }
}
