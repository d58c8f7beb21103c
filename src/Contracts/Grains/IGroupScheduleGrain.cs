namespace PrivateDomain.Contracts.Grains;

/// <summary>
/// A group's SOP schedule (社群SOP) and its own cadence, keyed "{tenantId}/{groupId}" like <see cref="IGroupGrain"/>
/// (the same grain answers both).
/// </summary>
[Alias("pd.IGroupScheduleGrain")]
public interface IGroupScheduleGrain : IGrainWithStringKey
{
    /// <summary>Replaces the SOP items and, when given, the cadence; items already past today are not posted.</summary>
    [Alias("SetSopAsync")]
    Task<GroupSopView> SetSopAsync(IReadOnlyList<SopItem> items, GroupCadenceSettings? cadence);

    /// <summary>Returns the SOP items, the cadence and when the next item is due.</summary>
    [Alias("GetSopAsync")]
    Task<GroupSopView> GetSopAsync();
}
