using Microsoft.Data.Sqlite;

namespace PrivateDomain.Storage.Sqlite;

/// <summary>A single writer's prepared statements on its one connection, enlisted in each batch's transaction.</summary>
internal interface ISqliteStatements : IDisposable
{
    void Begin(SqliteTransaction transaction);
}

internal static class SqliteStatements
{
    /// <summary>A command with the named parameters, bound later by position.</summary>
    public static SqliteCommand Prepare(SqliteConnection connection, string sql, params string[] names)
    {
        var command = connection.CreateCommand();
        command.CommandText = sql;
        foreach (var name in names)
            command.Parameters.Add(new SqliteParameter { ParameterName = name });
        return command;
    }
}

/// <summary>One call waiting for a <see cref="SqliteWriteLoop{TStatements}"/>: runs inside the writer's transaction, completes after its commit.</summary>
internal abstract class SqliteWork<TStatements>
{
    /// <summary>Rows the work touches at most, to bound a commit's size.</summary>
    public abstract int Rows { get; }

    public abstract void Run(TStatements statements);

    public abstract void Succeed();

    public abstract void Fail(Exception error);
}

internal sealed class SqliteWork<TStatements, T>(int rows, Func<TStatements, T> body) : SqliteWork<TStatements>
{
    private readonly TaskCompletionSource<T> _completion = new(TaskCreationOptions.RunContinuationsAsynchronously);
    private T? _result;

    public Task<T> Task => _completion.Task;

    public override int Rows => rows;

    public override void Run(TStatements statements) => _result = body(statements);

    public override void Succeed() => _completion.TrySetResult(_result!);

    public override void Fail(Exception error) => _completion.TrySetException(error);
}
