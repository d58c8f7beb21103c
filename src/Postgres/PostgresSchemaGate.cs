using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Options;

namespace PrivateDomain.Postgres;

/// <summary>
/// Applies the schema (<see cref="PostgresSchema.EnsureAsync"/>) once per process, before the stores first
/// touch their tables, whichever store gets there first. A failed attempt is retried by the next caller.
/// </summary>
public sealed class PostgresSchemaGate
{
    private readonly Func<CancellationToken, Task> _ensure;
    private readonly ILogger _logger;
    private readonly Lock _lock = new();
    private Task? _attempt;

    public PostgresSchemaGate(IOptions<PostgresOptions> options, ILogger<PostgresSchemaGate> logger)
        : this(ct => PostgresSchema.EnsureAsync(options.Value.ConnectionString, ct), logger)
    {
    }

    internal PostgresSchemaGate(Func<CancellationToken, Task> ensure, ILogger? logger = null)
    {
        _ensure = ensure;
        _logger = logger ?? NullLogger.Instance;
    }

    /// <summary>Completes once the schema exists.</summary>
    public Task EnsureAsync(CancellationToken cancellationToken)
    {
        Task attempt;
        lock (_lock)
        {
            if (_attempt is null || _attempt.IsFaulted || _attempt.IsCanceled)
                _attempt = RunAsync();
            attempt = _attempt;
        }
        return attempt.IsCompletedSuccessfully ? attempt : attempt.WaitAsync(cancellationToken);
    }

    // Shared by every caller, so no single caller's token may cancel it.
    private async Task RunAsync()
    {
        try
        {
            await _ensure(CancellationToken.None).ConfigureAwait(false);
        }
        catch (Exception ex)
        {
            PostgresLog.SchemaFailed(_logger, ex);
            throw;
        }
    }
}
