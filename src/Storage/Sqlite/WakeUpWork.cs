namespace PrivateDomain.Storage.Sqlite;

/// <summary>One call waiting for the wake-up writer: runs inside the writer's transaction, completes after its commit.</summary>
internal abstract class WakeUpWork
{
    /// <summary>Rows the work touches at most, to bound a commit's size.</summary>
    public abstract int Rows { get; }

    public abstract void Run(WakeUpStatements statements);

    public abstract void Succeed();

    public abstract void Fail(Exception error);
}

internal sealed class WakeUpWork<T>(int rows, Func<WakeUpStatements, T> body) : WakeUpWork
{
    private readonly TaskCompletionSource<T> _completion = new(TaskCreationOptions.RunContinuationsAsynchronously);
    private T? _result;

    public Task<T> Task => _completion.Task;

    public override int Rows => rows;

    public override void Run(WakeUpStatements statements) => _result = body(statements);

    public override void Succeed() => _completion.TrySetResult(_result!);

    public override void Fail(Exception error) => _completion.TrySetException(error);
}
