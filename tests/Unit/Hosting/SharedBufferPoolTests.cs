using PrivateDomain.Silo.Hosting;

namespace PrivateDomain.Tests.Unit.Hosting;

public sealed class SharedBufferPoolTests : IDisposable
{
    private readonly string? _before = Environment.GetEnvironmentVariable(SharedBufferPool.MaxArraysPerPartitionVariable);

    public void Dispose() => Environment.SetEnvironmentVariable(SharedBufferPool.MaxArraysPerPartitionVariable, _before);

    [Fact]
    public void Sets_the_runtime_variable_when_the_environment_has_none()
    {
        Environment.SetEnvironmentVariable(SharedBufferPool.MaxArraysPerPartitionVariable, null);

        Assert.Equal(SharedBufferPool.MaxArraysPerPartition, SharedBufferPool.Configure());
        Assert.Equal("1024", Environment.GetEnvironmentVariable(SharedBufferPool.MaxArraysPerPartitionVariable));
    }

    [Fact]
    public void A_value_set_by_the_operator_wins()
    {
        Environment.SetEnvironmentVariable(SharedBufferPool.MaxArraysPerPartitionVariable, "64");

        Assert.Equal(64, SharedBufferPool.Configure());
        Assert.Equal("64", Environment.GetEnvironmentVariable(SharedBufferPool.MaxArraysPerPartitionVariable));
    }

    [Theory]
    [InlineData("")]
    [InlineData("0")]
    [InlineData("-5")]
    [InlineData("many")]
    public void A_value_the_runtime_would_ignore_is_replaced(string unusable)
    {
        Environment.SetEnvironmentVariable(SharedBufferPool.MaxArraysPerPartitionVariable, unusable);

        Assert.Equal(SharedBufferPool.MaxArraysPerPartition, SharedBufferPool.Configure());
        Assert.Equal("1024", Environment.GetEnvironmentVariable(SharedBufferPool.MaxArraysPerPartitionVariable));
    }
}
