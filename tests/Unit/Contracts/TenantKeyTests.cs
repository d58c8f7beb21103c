using PrivateDomain.Contracts;

namespace PrivateDomain.Tests.Unit.Contracts;

public sealed class TenantKeyTests
{
    [Theory]
    [InlineData("c1")]
    [InlineData("C_1.a:b@c-d")]
    [InlineData("0")]
    public void Safe_ids_are_valid(string id) => Assert.True(TenantKey.IsValidId(id));

    [Theory]
    [InlineData(null)]
    [InlineData("")]
    [InlineData("a/b")]
    [InlineData("a b")]
    [InlineData("_a")]
    [InlineData(".hidden")]
    [InlineData("<script>")]
    [InlineData("a\tb")]
    public void Unsafe_ids_are_invalid(string? id) => Assert.False(TenantKey.IsValidId(id));

    [Fact]
    public void Id_length_is_capped_at_64()
    {
        Assert.True(TenantKey.IsValidId(new string('a', 64)));
        Assert.False(TenantKey.IsValidId(new string('a', 65)));
    }

    [Fact]
    public void Id_with_trailing_newline_is_invalid() => Assert.False(TenantKey.IsValidId("c1\n"));

    [Fact]
    public void Composed_key_parses_back_into_tenant_and_entity()
    {
        Assert.Equal(("t1", "c1"), TenantKey.Parse(TenantKey.Compose("t1", "c1")));
    }

    [Theory]
    [InlineData("c1")]
    [InlineData("/c1")]
    [InlineData("t1/")]
    public void Key_without_tenant_or_entity_is_refused(string key)
    {
        Assert.Throws<ArgumentException>(() => TenantKey.Parse(key));
    }
}
