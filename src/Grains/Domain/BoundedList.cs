namespace PrivateDomain.Grains.Domain;

/// <summary>Appends to a list that keeps only its newest <c>max</c> items (state stays bounded).</summary>
public static class BoundedList
{
    public static void AddBounded<T>(this List<T> list, T item, int max)
    {
        list.Add(item);
        if (list.Count > max) list.RemoveRange(0, list.Count - max);
    }

    /// <summary>The newest <paramref name="count"/> items, newest first.</summary>
    public static IReadOnlyList<T> Newest<T>(this List<T> list, int count)
    {
        var take = Math.Min(count, list.Count);
        var result = new List<T>(take);
        for (var i = list.Count - 1; i >= list.Count - take; i--) result.Add(list[i]);
        return result;
    }
}
