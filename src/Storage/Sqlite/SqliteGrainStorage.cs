using System.Globalization;
using Microsoft.Data.Sqlite;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using Orleans.Serialization;
using Orleans.Serialization.Serializers;
using Orleans.Storage;

namespace PrivateDomain.Storage.Sqlite;

/// <summary>
/// Orleans grain storage in <c>state.db</c>: one row per (state name, grain), the state serialized with
/// Orleans' binary serializer, and an integer row version as the ETag for optimistic concurrency.
/// </summary>
public sealed class SqliteGrainStorage : IGrainStorage, IDisposable
{
    private readonly SqliteDatabase _database;
    private readonly Serializer _serializer;
    private readonly IActivatorProvider _activators;
    private readonly ILogger _logger;
    private readonly StateWriteLoop _writer;

    public SqliteGrainStorage(
        IOptions<StorageOptions> options,
        Serializer serializer,
        IActivatorProvider activators,
        ILogger<SqliteGrainStorage> logger)
    {
        _serializer = serializer;
        _activators = activators;
        _logger = logger;
        _database = new SqliteDatabase(SqliteFiles.PathOf(options.Value, SqliteFiles.GrainState), SqliteDurability.Normal);
        _database.EnsureSchema(GrainStateSql.SchemaVersion, GrainStateSql.Schema);
        _writer = new StateWriteLoop(_database, logger);
    }

    public Task ReadStateAsync<T>(string stateName, GrainId grainId, IGrainState<T> grainState) =>
        ReadStateAsync(stateName, grainId, grainState, CancellationToken.None);

    public Task WriteStateAsync<T>(string stateName, GrainId grainId, IGrainState<T> grainState) =>
        WriteStateAsync(stateName, grainId, grainState, CancellationToken.None);

    public Task ClearStateAsync<T>(string stateName, GrainId grainId, IGrainState<T> grainState) =>
        ClearStateAsync(stateName, grainId, grainState, CancellationToken.None);

    public async Task ReadStateAsync<T>(string stateName, GrainId grainId, IGrainState<T> grainState, CancellationToken cancellationToken)
    {
        await using var connection = await _database.OpenAsync(cancellationToken).ConfigureAwait(false);
        await using var command = Command(connection, GrainStateSql.Read, stateName, grainId);
        await using var reader = await command.ExecuteReaderAsync(cancellationToken).ConfigureAwait(false);
        if (await reader.ReadAsync(cancellationToken).ConfigureAwait(false))
        {
            grainState.ETag = reader.GetInt64(0).ToString(CultureInfo.InvariantCulture);
            grainState.State = _serializer.Deserialize<T>((byte[])reader.GetValue(1));
            grainState.RecordExists = true;
        }
        else
        {
            grainState.ETag = null;
            grainState.State = _activators.GetActivator<T>().Create();
            grainState.RecordExists = false;
        }
    }

    public async Task WriteStateAsync<T>(string stateName, GrainId grainId, IGrainState<T> grainState, CancellationToken cancellationToken)
    {
        var payload = _serializer.SerializeToArray(grainState.State);
        var expected = grainState.ETag is null ? (long?)null : ParseEtag(grainState.ETag, stateName, grainId);
        var written = await CommitAsync(new StateWrite(stateName, grainId.ToString(), expected, payload), grainState.ETag).ConfigureAwait(false);
        grainState.ETag = written!.Value.ToString(CultureInfo.InvariantCulture);
        grainState.RecordExists = true;
    }

    public async Task ClearStateAsync<T>(string stateName, GrainId grainId, IGrainState<T> grainState, CancellationToken cancellationToken)
    {
        var expected = grainState.ETag is null ? (long?)null : ParseEtag(grainState.ETag, stateName, grainId);
        await CommitAsync(new StateWrite(stateName, grainId.ToString(), expected, null), grainState.ETag).ConfigureAwait(false);
        grainState.ETag = null;
        grainState.RecordExists = false;
        grainState.State = _activators.GetActivator<T>().Create();
    }

    /// <summary>
    /// Hands the write to the single writer. Not cancellable once queued: a write that may already be in a
    /// committed transaction must not be reported as abandoned.
    /// </summary>
    private async Task<long?> CommitAsync(StateWrite write, string? expected)
    {
        try
        {
            return await _writer.WriteAsync(write).ConfigureAwait(false);
        }
        catch (StateEtagMismatch mismatch)
        {
            var stored = mismatch.Stored?.ToString(CultureInfo.InvariantCulture);
            StorageLog.EtagMismatch(_logger, write.StateName, write.GrainId, stored, expected);
            throw new InconsistentStateException(
                $"Grain state '{write.StateName}' of {write.GrainId} was changed by someone else (stored ETag {stored ?? "none"}, expected {expected ?? "none"}).",
                stored,
                expected);
        }
    }

    private static long ParseEtag(string etag, string stateName, GrainId grainId) =>
        long.TryParse(etag, NumberStyles.None, CultureInfo.InvariantCulture, out var value)
            ? value
            : throw new InconsistentStateException($"ETag '{etag}' of '{stateName}' for {grainId} is not one this storage issued.", null, etag);

    private static SqliteCommand Command(SqliteConnection connection, string sql, string stateName, GrainId grainId)
    {
        var command = connection.CreateCommand();
        command.CommandText = sql;
        command.Parameters.AddWithValue("$state", stateName);
        command.Parameters.AddWithValue("$grain", grainId.ToString());
        return command;
    }

    public void Dispose() => _writer.Dispose();
}
