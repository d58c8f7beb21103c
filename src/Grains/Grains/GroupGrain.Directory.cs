using PrivateDomain.Contracts;
using PrivateDomain.Contracts.Grains;

namespace PrivateDomain.Grains.Grains;

public sealed partial class GroupGrain
{
    public const int TagsMax = 20;

    /// <summary>Tags from settings replace the group's (null keeps them): trimmed, distinct, at most <see cref="TagsMax"/>.</summary>
    private void SetTags(IReadOnlyList<string>? tags)
    {
        if (tags is null) return;
        S.Tags = tags.Select(t => t.Trim()).Where(t => t.Length > 0).Distinct(StringComparer.Ordinal).Take(TagsMax).ToList();
    }

    // Before the write that names them, like the persona's group list: a crash in between only repeats an idempotent put.
    // The marker makes an unchanged group cost nothing.
    private async Task RegisterInDirectoryAsync()
    {
        if (S.Name is null && S.OwnerPersonaId is null) return;
        var marker = string.Join('\u001f', [S.Name ?? "", S.OwnerPersonaId ?? "", .. S.Tags]);
        if (marker == S.DirectoryRegistered) return;
        await GrainFactory.GetGrain<IGroupDirectoryGrain>(TenantId).PutAsync(new GroupDirectoryEntry(EntityId, S.Name, S.OwnerPersonaId, S.Tags.ToList()));
        S.DirectoryRegistered = marker;
    }
}
