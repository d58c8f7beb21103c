using PrivateDomain.Grains.Domain;

namespace PrivateDomain.Tests.Unit.Domain;

public sealed class BoundedListTests
{
    [Fact]
    public void Adding_beyond_the_bound_drops_the_oldest()
    {
        var list = new List<int>();

        for (var i = 1; i <= 7; i++) list.AddBounded(i, 5);

        Assert.Equal([3, 4, 5, 6, 7], list);
    }

    [Fact]
    public void A_list_already_over_the_bound_is_trimmed_on_the_next_add()
    {
        var list = new List<int> { 1, 2, 3, 4 };

        list.AddBounded(5, 2);

        Assert.Equal([4, 5], list);
    }

    [Fact]
    public void Newest_lists_newest_first()
    {
        var list = new List<int> { 1, 2, 3, 4 };

        Assert.Equal([4, 3], list.Newest(2));
        Assert.Equal([4, 3, 2, 1], list.Newest(10));
        Assert.Empty(new List<int>().Newest(3));
        Assert.Empty(list.Newest(0));
    }
}
