namespace Imap.Sync.Adapters;

/// <summary>
/// One body's bytes in a <see cref="BodySlabs"/> slab (or in its own array). Disposing it, once and only
/// once nothing reads <see cref="Memory"/> any more, lets the slab be reused.
/// </summary>
internal sealed class BodyLease(BodySlabs.Slab? slab, byte[] bytes, int offset, int length) : IDisposable
{
    private BodySlabs.Slab? _slab = slab;

    /// <summary>The reserved bytes.</summary>
    public Memory<byte> Memory { get; } = bytes.AsMemory(offset, length);

    public void Dispose() => Interlocked.Exchange(ref _slab, null)?.Release();
}
