using Imap.Protocol.Tests.Support;

namespace Imap.Protocol.Tests.Vectors;

/// <summary>xunit member data over the catalog.</summary>
public static class VectorData
{
    public static TheoryData<int> AllIndexes()
    {
        var data = new TheoryData<int>();
        for (var i = 0; i < VectorCatalog.All.Count(); i++)
            data.Add(i);
        return data;
    }

    internal static Vector Get(int index) => VectorCatalog.All.ElementAt(index);
}
