using System.Diagnostics;

namespace Imap.Benchmarks.Protocol;

/// <summary>One timed run: wall time, the benchmark process's CPU time (both clients run in it, one at a time), and what was done.</summary>
internal readonly record struct RunResult(TimeSpan Time, TimeSpan Cpu, int Commands, int Messages)
{
    /// <summary>Client CPU per command in microseconds (the in-process delaying proxy's share included when there is one).</summary>
    public double CpuMicrosPerCommand => Cpu.TotalMicroseconds / Math.Max(1, Commands);
}

/// <summary>Starts the wall and CPU clocks together.</summary>
internal sealed class RunClock
{
    private readonly Stopwatch _wall = Stopwatch.StartNew();
    private readonly TimeSpan _cpu = Process.GetCurrentProcess().TotalProcessorTime;

    public RunResult Stop(int commands, int messages) =>
        new(_wall.Elapsed, Process.GetCurrentProcess().TotalProcessorTime - _cpu, commands, messages);
}
