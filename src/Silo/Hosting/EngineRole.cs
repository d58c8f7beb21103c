namespace PrivateDomain.Silo.Hosting;

/// <summary>What the Gateway web app hosts besides its HTTP and hub endpoints ("Engine:Role").</summary>
public enum EngineRole
{
    /// <summary>A silo in the same process (embedded mode's only shape; in cluster mode, one silo per gateway).</summary>
    Combined,

    /// <summary>
    /// Cluster mode only: an Orleans client of the silos on the cluster's PostgreSQL, so web gateways and silos scale
    /// and fail apart. Ingestion still appends to the event log itself.
    /// </summary>
    Gateway,
}
