using Microsoft.Extensions.Logging.Abstractions;
using PrivateDomain.Storage;
using PrivateDomain.Storage.Sqlite;

namespace PrivateDomain.Tests.Storage;

/// <summary>Opens event logs over one temp directory; disposes them and the directory at the end.</summary>
public sealed class EventLogFixture : IAsyncDisposable
{
    private readonly TempDirectory _directory = new();
    private readonly List<SqliteEventLog> _opened = [];

    public StorageOptions Options(int maxPendingAppends = 10_000, int maxAppendsPerCommit = 512) => new()
    {
        DataDirectory = Path.Combine(_directory.Path, "data"),
        MaxPendingAppends = maxPendingAppends,
        MaxAppendsPerCommit = maxAppendsPerCommit,
    };

    public SqliteEventLog Open(int maxPendingAppends = 10_000, int maxAppendsPerCommit = 512)
    {
        var log = new SqliteEventLog(
            Microsoft.Extensions.Options.Options.Create(Options(maxPendingAppends, maxAppendsPerCommit)),
            NullLogger<SqliteEventLog>.Instance);
        _opened.Add(log);
        return log;
    }

    public async ValueTask DisposeAsync()
    {
        foreach (var log in _opened)
            await log.DisposeAsync();
        _directory.Dispose();
    }
}
