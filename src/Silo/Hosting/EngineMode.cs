namespace PrivateDomain.Silo.Hosting;

/// <summary>How the engine's silo is hosted ("Engine:Mode").</summary>
public enum EngineMode
{
    /// <summary>One process: localhost clustering and SQLite files under the data folder.</summary>
    Embedded,

    /// <summary>N silos on one PostgreSQL: Orleans' ADO.NET clustering, grain storage and reminders, and the event log there.</summary>
    Cluster,
}
