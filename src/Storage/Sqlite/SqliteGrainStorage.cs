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
public sealed class SqliteGrainStorage : IGrainStorage
{
    private readonly SqliteDatabase _database;
    private readonly Serializer _serializer;
    private readonly IActivatorProvider _activators;
    private readonly ILogger _logger;

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
        await using var connection = await _database.OpenAsync(cancellationToken).ConfigureAwait(false);
        long written;
        if (grainState.ETag is null)
        {
            // A new row starts at the clock's ticks, so a row cleared and written again never reuses an
            // ETag that a stale activation could still hold.
            written = DateTime.UtcNow.Ticks;
            await using var insert = Command(connection, GrainStateSql.Insert, stateName, grainId);
            insert.Parameters.AddWithValue("$etag", written);
            insert.Parameters.AddWithValue("$payload", payload);
            if (await insert.ExecuteNonQueryAsync(cancellationToken).ConfigureAwait(false) == 0)
                await ThrowMismatchAsync(connection, stateName, grainId, null, cancellationToken).ConfigureAwait(false);
        }
        else
        {
            var expected = ParseEtag(grainState.ETag, stateName, grainId);
            await using var update = Command(connection, GrainStateSql.Update, stateName, grainId);
            update.Parameters.AddWithValue("$expected", expected);
            update.Parameters.AddWithValue("$payload", payload);
            if (await update.ExecuteNonQueryAsync(cancellationToken).ConfigureAwait(false) == 0)
                await ThrowMismatchAsync(connection, stateName, grainId, grainState.ETag, cancellationToken).ConfigureAwait(false);
            written = expected + 1;
        }

        grainState.ETag = written.ToString(CultureInfo.InvariantCulture);
        grainState.RecordExists = true;
    }

    public async Task ClearStateAsync<T>(string stateName, GrainId grainId, IGrainState<T> grainState, CancellationToken cancellationToken)
    {
        await using var connection = await _database.OpenAsync(cancellationToken).ConfigureAwait(false);
        if (grainState.ETag is null)
        {
            // Nothing was read or written: clearing is right only if there is still nothing stored.
            if (await ReadEtagAsync(connection, stateName, grainId, cancellationToken).ConfigureAwait(false) is not null)
                await ThrowMismatchAsync(connection, stateName, grainId, null, cancellationToken).ConfigureAwait(false);
        }
        else
        {
            await using var delete = Command(connection, GrainStateSql.Delete, stateName, grainId);
            delete.Parameters.AddWithValue("$expected", ParseEtag(grainState.ETag, stateName, grainId));
            if (await delete.ExecuteNonQueryAsync(cancellationToken).ConfigureAwait(false) == 0)
                await ThrowMismatchAsync(connection, stateName, grainId, grainState.ETag, cancellationToken).ConfigureAwait(false);
        }

        grainState.ETag = null;
        grainState.RecordExists = false;
        grainState.State = _activators.GetActivator<T>().Create();
    }

    private async Task ThrowMismatchAsync(SqliteConnection connection, string stateName, GrainId grainId, string? expected, CancellationToken cancellationToken)
    {
        var stored = await ReadEtagAsync(connection, stateName, grainId, cancellationToken).ConfigureAwait(false);
        StorageLog.EtagMismatch(_logger, stateName, grainId.ToString(), stored, expected);
        throw new InconsistentStateException(
            $"Grain state '{stateName}' of {grainId} was changed by someone else (stored ETag {stored ?? "none"}, expected {expected ?? "none"}).",
            stored,
            expected);
    }

    private static async Task<string?> ReadEtagAsync(SqliteConnection connection, string stateName, GrainId grainId, CancellationToken cancellationToken)
    {
        await using var command = Command(connection, GrainStateSql.ReadEtag, stateName, grainId);
        return await command.ExecuteScalarAsync(cancellationToken).ConfigureAwait(false) is long etag
            ? etag.ToString(CultureInfo.InvariantCulture)
            : null;
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
}
