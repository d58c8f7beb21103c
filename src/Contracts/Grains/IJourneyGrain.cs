namespace PrivateDomain.Contracts.Grains;

/// <summary>
/// One journey's versions, keyed "{tenantId}/{journeyId}": a draft, immutable published versions and the lifecycle
/// draft → active ⇄ paused → archived. A journey exists once a draft has been saved.
/// </summary>
[Alias("pd.IJourneyGrain")]
public interface IJourneyGrain : IGrainWithStringKey
{
    /// <summary>Returns the journey, its draft with the draft's problems and its published versions.</summary>
    [Alias("GetAsync")]
    Task<JourneyView> GetAsync();

    /// <summary>Stores the next version's draft (even with problems, which are returned); creates the journey.</summary>
    [Alias("SaveDraftAsync")]
    Task<JourneyCommandResult> SaveDraftAsync(string json);

    /// <summary>Drops the draft.</summary>
    [Alias("DiscardDraftAsync")]
    Task<JourneyCommandResult> DiscardDraftAsync();

    /// <summary>Makes a valid draft the next immutable version.</summary>
    [Alias("PublishAsync")]
    Task<JourneyCommandResult> PublishAsync();

    /// <summary>Stops new entries; customers inside keep running.</summary>
    [Alias("PauseAsync")]
    Task<JourneyCommandResult> PauseAsync();

    /// <summary>Lets new customers enter the current version again.</summary>
    [Alias("ResumeAsync")]
    Task<JourneyCommandResult> ResumeAsync();

    /// <summary>Ends the journey for good; its versions stay readable.</summary>
    [Alias("ArchiveAsync")]
    Task<JourneyCommandResult> ArchiveAsync();

    /// <summary>Returns a published version's definition, or null when there is no such version.</summary>
    [Alias("GetVersionAsync")]
    Task<JourneyVersionDocument?> GetVersionAsync(int version);
}
