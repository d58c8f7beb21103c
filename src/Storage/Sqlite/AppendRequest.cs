using PrivateDomain.Contracts;

namespace PrivateDomain.Storage.Sqlite;

/// <summary>One caller's batch waiting for the group-commit writer.</summary>
internal sealed class AppendRequest(
    string tenantId,
    IReadOnlyList<EngineEvent> events,
    byte[][] hashes,
    CancellationToken cancellationToken)
{
    public string TenantId { get; } = tenantId;

    public IReadOnlyList<EngineEvent> Events { get; } = events;

    /// <summary>Body hashes, computed by the caller's thread to keep the writer's work short.</summary>
    public byte[][] Hashes { get; } = hashes;

    public CancellationToken CancellationToken { get; } = cancellationToken;

    public TaskCompletionSource<AppendResult> Completion { get; } =
        new(TaskCreationOptions.RunContinuationsAsynchronously);
}
