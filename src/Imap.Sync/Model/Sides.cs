namespace Imap.Sync;

/// <summary>
/// One value for each server of a sync, read by side: the engine's code for one side is written once
/// and run for either, instead of choosing between paired fields at each use.
/// </summary>
internal readonly record struct Sides<T>(T Local, T Remote)
{
    /// <summary>The value of <paramref name="side"/>.</summary>
    public T this[SyncSide side] => side == SyncSide.Local ? Local : Remote;

    /// <summary>Both values made fresh, e.g. an empty list each: <c>Sides&lt;List&lt;uint&gt;&gt;.Each(() =&gt; [])</c>.</summary>
    public static Sides<T> Each(Func<T> make) => new(make(), make());
}
