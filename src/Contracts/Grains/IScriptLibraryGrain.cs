namespace PrivateDomain.Contracts.Grains;

/// <summary>A persona's script library (话术), keyed "{tenantId}/{personaId}". Changes are pushed to the persona's consoles.</summary>
[Alias("pd.IScriptLibraryGrain")]
public interface IScriptLibraryGrain : IGrainWithStringKey
{
    /// <summary>All scripts, by category then name.</summary>
    [Alias("ListAsync")]
    Task<ScriptLibraryView> ListAsync();

    /// <summary>One script, or null.</summary>
    [Alias("GetAsync")]
    Task<Script?> GetAsync(string scriptId);

    /// <summary>
    /// Creates or replaces a script. <paramref name="expectedVersion"/>: null saves whatever is there, 0 only creates,
    /// n only replaces version n (else Conflict). <paramref name="editor"/> is recorded as who edited it.
    /// </summary>
    [Alias("SaveAsync")]
    Task<ScriptChangeResult> SaveAsync(string scriptId, ScriptDraft draft, long? expectedVersion, string editor);

    /// <summary>Deletes a script (NotFound if absent; Conflict if <paramref name="expectedVersion"/> is given and stale).</summary>
    [Alias("DeleteAsync")]
    Task<ScriptChangeResult> DeleteAsync(string scriptId, long? expectedVersion, string editor);

    /// <summary>Counts a use of the script in a reply (not an edit: the version is unchanged).</summary>
    [Alias("RecordUseAsync"), Orleans.Concurrency.OneWay]
    Task RecordUseAsync(string scriptId, DateTimeOffset at);
}
