namespace PrivateDomain.Storage.Sqlite;

/// <summary>The database files inside <see cref="StorageOptions.DataDirectory"/>.</summary>
public static class SqliteFiles
{
    public const string EventLog = "eventlog.db";
    public const string GrainState = "state.db";
    public const string Outbox = "outbox.db";

    /// <summary>The full path of <paramref name="fileName"/>, creating the data directory when missing.</summary>
    public static string PathOf(StorageOptions options, string fileName)
    {
        var directory = Path.GetFullPath(options.DataDirectory);
        Directory.CreateDirectory(directory);
        return Path.Combine(directory, fileName);
    }
}
