namespace PrivateDomain.Storage.Sqlite;

/// <summary>What one group commit wrote.</summary>
internal readonly record struct CommitSummary(long LastSequence, int Appended, int Duplicates);
