using Microsoft.Extensions.Logging;
using PrivateDomain.Contracts;
using PrivateDomain.Contracts.Grains;

namespace PrivateDomain.Grains.Scripts;

/// <summary>
/// A persona's script library. Every change is stored, then told to the persona's consoles as a
/// <see cref="ConsoleItemKinds.ScriptsChanged"/> feed item so they reload it (a missed push is caught up by resync).
/// </summary>
public sealed class ScriptLibraryGrain(
    [PersistentState("scripts")] IPersistentState<ScriptLibraryState> state,
    TimeProvider time,
    ILogger<ScriptLibraryGrain> logger)
    : Grain, IScriptLibraryGrain
{
    private string _tenantId = "";
    private string _personaId = "";

    private ScriptLibraryState S => state.State;

    public override Task OnActivateAsync(CancellationToken cancellationToken)
    {
        (_tenantId, _personaId) = TenantKey.Parse(this.GetPrimaryKeyString());
        return Task.CompletedTask;
    }

    public Task<ScriptLibraryView> ListAsync() => Task.FromResult(new ScriptLibraryView(_personaId, ScriptBook.Ordered(S), S.Version));

    public Task<Script?> GetAsync(string scriptId) => Task.FromResult(S.Scripts.GetValueOrDefault(scriptId));

    public async Task<ScriptChangeResult> SaveAsync(string scriptId, ScriptDraft draft, long? expectedVersion, string editor)
    {
        var result = ScriptBook.Save(S, scriptId, draft, expectedVersion, editor, time.GetUtcNow());
        if (result.Ok) await ChangedAsync(scriptId, editor, $"Script “{result.Script!.Name}” saved by {editor}");
        return result;
    }

    public async Task<ScriptChangeResult> DeleteAsync(string scriptId, long? expectedVersion, string editor)
    {
        var name = S.Scripts.GetValueOrDefault(scriptId)?.Name;
        var result = ScriptBook.Delete(S, scriptId, expectedVersion);
        if (result.Ok) await ChangedAsync(scriptId, editor, $"Script “{name}” deleted by {editor}");
        return result;
    }

    public async Task RecordUseAsync(string scriptId, DateTimeOffset at)
    {
        if (ScriptBook.Use(S, scriptId, at)) await state.WriteStateAsync();
    }

    private async Task ChangedAsync(string scriptId, string editor, string text)
    {
        try
        {
            await state.WriteStateAsync();
        }
        catch
        {
            // The change is in memory only: drop the activation so the next call reads what is stored.
            DeactivateOnIdle();
            throw;
        }
        logger.LogInformation("Script {ScriptId} of persona {Tenant}/{Persona} changed by {Editor} (library version {Version})",
            scriptId, _tenantId, _personaId, editor, S.Version);
        var item = new ConsoleItem(0, ConsoleItemKinds.ScriptsChanged, time.GetUtcNow(), null, null, _personaId, editor, text,
            $"scripts:{S.Version}");
        await GrainFactory.GetGrain<IPersonaGrain>(this.GetPrimaryKeyString()).PublishAsync(item);
    }
}
