namespace PrivateDomain.Contracts.Grains;

/// <summary>
/// A tenant's groups (keyed by tenant id): each group's name, owner persona and tags, registered by the group when
/// they change, so campaigns can select groups by tag or owner without asking every group.
/// </summary>
[Alias("pd.IGroupDirectoryGrain")]
public interface IGroupDirectoryGrain : IGrainWithStringKey
{
    [Alias("PutAsync")]
    Task PutAsync(GroupDirectoryEntry entry);

    /// <summary>Groups carrying any of <paramref name="tags"/> (every group when null), owned by one of <paramref name="personaIds"/> when given.</summary>
    [Alias("FindAsync")]
    Task<IReadOnlyList<GroupDirectoryEntry>> FindAsync(IReadOnlyList<string>? tags, IReadOnlyList<string>? personaIds);
}

[GenerateSerializer, Immutable, Alias("pd.GroupDirectoryEntry")]
public sealed record GroupDirectoryEntry(
    [property: Id(0)] string GroupId,
    [property: Id(1)] string? Name,
    [property: Id(2)] string? OwnerPersonaId,
    [property: Id(3)] IReadOnlyList<string> Tags);

/// <summary>
/// A group's answer to a campaign post request: <see cref="Allowed"/> with the slot <see cref="At"/>, or refused with
/// <see cref="Reason"/> (cap_reached, no_owner, no_members); the members the post reaches, its owner and name.
/// </summary>
[GenerateSerializer, Immutable, Alias("pd.GroupCampaignSlot")]
public sealed record GroupCampaignSlot(
    [property: Id(0)] string GroupId,
    [property: Id(1)] string? Name,
    [property: Id(2)] string? OwnerPersonaId,
    [property: Id(3)] bool Allowed,
    [property: Id(4)] DateTimeOffset At,
    [property: Id(5)] string Reason,
    [property: Id(6)] IReadOnlyList<string> MemberIds);
