namespace PrivateDomain.Storage.Sqlite;

/// <summary>How hard a database syncs its write-ahead log on commit.</summary>
public enum SqliteDurability
{
    /// <summary>fsync on every commit: survives process kill and power loss (the event log).</summary>
    Full = 0,

    /// <summary>fsync at checkpoints only: survives process kill, may lose the last commits on power loss.</summary>
    Normal = 1,
}
