using System.Text.Json.Nodes;
using PrivateDomain.Contracts;
using PrivateDomain.Contracts.Grains;
using PrivateDomain.Grains.Journeys.Definition;
using PrivateDomain.Grains.Journeys.Examples;
using static PrivateDomain.Tests.Grains.Events;

namespace PrivateDomain.Tests.Grains;

public abstract class JourneyGrainTests(ClusterFixture fx)
{
    [Collection(SqliteCollection.Name)]
    public sealed class Sqlite(SqliteClusterFixture fx) : JourneyGrainTests(fx);

    [Collection(PostgresCollection.Name)]
    public sealed class Postgres(PostgresClusterFixture fx) : JourneyGrainTests(fx);

    private readonly string _tenant = NewId("t");
    private readonly string _journeyId = NewId("j");

    private IJourneyGrain Journey => fx.Grains.GetGrain<IJourneyGrain>(TenantKey.Compose(_tenant, _journeyId));

    private IJourneyDirectoryGrain Directory => fx.Grains.GetGrain<IJourneyDirectoryGrain>(_tenant);

    /// <summary>An example journey renamed to this test's id and the given version.</summary>
    private string Definition(int version, string example = JourneyExamples.Welcome, string? name = null)
    {
        var node = JsonNode.Parse(JourneyExamples.Json(example))!.AsObject();
        node["id"] = _journeyId;
        node["version"] = version;
        if (name is not null) node["name"] = name;
        return node.ToJsonString();
    }

    [Fact]
    public async Task Invalid_draft_is_saved_with_its_problems_but_not_published()
    {
        var node = JsonNode.Parse(Definition(1))!.AsObject();
        node["start"] = "nowhere";
        node.Remove("name");

        var saved = await Journey.SaveDraftAsync(node.ToJsonString());
        var published = await Journey.PublishAsync();

        Assert.True(saved.IsOk);
        Assert.Contains(saved.Problems, p => p.Path == "name");
        Assert.Contains(saved.Problems, p => p.Path == "start");
        Assert.Equal(saved.Problems, saved.Journey.DraftProblems);
        Assert.Equal(JourneyCommandError.InvalidDraft, published.Error);
        Assert.Equal(saved.Problems, published.Problems);
        var view = await Journey.GetAsync();
        Assert.Equal((JourneyLifecycle.Draft, (int?)null), (view.Status, view.CurrentVersion));
        Assert.NotNull(view.DraftJson);
    }

    [Fact]
    public async Task Published_version_never_changes_and_the_next_draft_is_the_next_version()
    {
        await Journey.SaveDraftAsync(Definition(1));
        var first = await Journey.PublishAsync();
        var v1 = await Journey.GetVersionAsync(1);

        var overwrite = await Journey.SaveDraftAsync(Definition(1, name: "Changed"));
        var skip = await Journey.SaveDraftAsync(Definition(3, name: "Changed"));
        Assert.True((await Journey.SaveDraftAsync(Definition(2, name: "Changed"))).IsOk);
        var second = await Journey.PublishAsync();

        Assert.Equal((JourneyLifecycle.Active, (int?)1, (string?)null), (first.Journey.Status, first.Journey.CurrentVersion, first.Journey.DraftJson));
        Assert.Equal(JourneyCommandError.PublishedVersionImmutable, overwrite.Error);
        Assert.Equal(JourneyCommandError.WrongVersion, skip.Error);
        Assert.Equal([1, 2], second.Journey.Versions.Select(v => v.Version));
        Assert.Equal(2, second.Journey.CurrentVersion);
        Assert.Equal(v1, await Journey.GetVersionAsync(1));
        Assert.Equal("Welcome new friends", (string?)JsonNode.Parse(v1!.Json)!["name"]);
        Assert.Equal("Changed", (string?)JsonNode.Parse((await Journey.GetVersionAsync(2))!.Json)!["name"]);
        Assert.Null(await Journey.GetVersionAsync(3));
    }

    [Fact]
    public async Task Pause_resume_and_archive_follow_the_lifecycle()
    {
        await Journey.SaveDraftAsync(Definition(1));
        Assert.Equal(JourneyCommandError.NotActive, (await Journey.PauseAsync()).Error);
        await Journey.PublishAsync();
        Assert.Equal(JourneyCommandError.NotPaused, (await Journey.ResumeAsync()).Error);

        Assert.Equal(JourneyLifecycle.Paused, (await Journey.PauseAsync()).Journey.Status);
        await Journey.SaveDraftAsync(Definition(2));
        Assert.Equal((JourneyLifecycle.Paused, (int?)2), Pick((await Journey.PublishAsync()).Journey));
        Assert.Equal(JourneyLifecycle.Active, (await Journey.ResumeAsync()).Journey.Status);
        await Journey.SaveDraftAsync(Definition(3));
        var archived = await Journey.ArchiveAsync();

        Assert.Equal((JourneyLifecycle.Archived, (string?)null), (archived.Journey.Status, archived.Journey.DraftJson));
        Assert.Equal(JourneyCommandError.Archived, (await Journey.SaveDraftAsync(Definition(3))).Error);
        Assert.Equal(JourneyCommandError.Archived, (await Journey.ResumeAsync()).Error);
        Assert.Equal(JourneyCommandError.Archived, (await Journey.ArchiveAsync()).Error);
        Assert.NotNull(await Journey.GetVersionAsync(1));
        Assert.NotNull(await Journey.GetVersionAsync(2));
    }

    [Fact]
    public async Task Draft_can_be_discarded_once()
    {
        await Journey.SaveDraftAsync(Definition(1));

        var discarded = await Journey.DiscardDraftAsync();
        var again = await Journey.DiscardDraftAsync();

        Assert.True(discarded.IsOk);
        Assert.Null(discarded.Journey.DraftJson);
        Assert.Equal(JourneyCommandError.NoDraft, again.Error);
        Assert.Equal(JourneyCommandError.NoDraft, (await Journey.PublishAsync()).Error);
        Assert.True((await Journey.GetAsync()).Exists);
    }

    [Fact]
    public async Task Unknown_journey_is_not_found_and_a_refused_first_draft_does_not_create_it()
    {
        var notJson = await Journey.SaveDraftAsync("{ not json");
        var otherId = await Journey.SaveDraftAsync(JourneyExamples.Json(JourneyExamples.Welcome));

        Assert.Equal(JourneyCommandError.DraftNotJson, notJson.Error);
        Assert.Equal(JourneyCommandError.WrongJourneyId, otherId.Error);
        Assert.False((await Journey.GetAsync()).Exists);
        foreach (var command in new Func<Task<JourneyCommandResult>>[]
                 { Journey.PublishAsync, Journey.PauseAsync, Journey.ResumeAsync, Journey.ArchiveAsync, Journey.DiscardDraftAsync })
            Assert.Equal(JourneyCommandError.NotFound, (await command()).Error);
        Assert.Null(await Journey.GetVersionAsync(1));
        Assert.Empty(await Directory.ListAsync());
    }

    [Fact]
    public async Task Directory_follows_every_transition()
    {
        await Journey.SaveDraftAsync(Definition(1));
        var drafted = Assert.Single(await Directory.ListAsync());
        await Journey.PublishAsync();
        var active = Assert.Single(await Directory.ListAsync());
        await Journey.PauseAsync();
        var paused = Assert.Single(await Directory.ListAsync());
        await Journey.ArchiveAsync();
        var archived = Assert.Single(await Directory.ListAsync());

        Assert.Equal((_journeyId, "Welcome new friends"), (drafted.JourneyId, drafted.Name));
        Assert.Equal((JourneyLifecycle.Draft, (int?)null, (int?)null), Pick(drafted));
        Assert.Equal((JourneyLifecycle.Active, (int?)1, (int?)1), Pick(active));
        Assert.Equal((JourneyLifecycle.Paused, (int?)1, (int?)null), Pick(paused));
        Assert.Equal((JourneyLifecycle.Archived, (int?)1, (int?)null), Pick(archived));
    }

    [Fact]
    public async Task Directory_lists_the_tenants_journeys_by_id_and_ignores_repeated_updates()
    {
        var other = fx.Grains.GetGrain<IJourneyGrain>(TenantKey.Compose(_tenant, "a-" + _journeyId));
        await Journey.SaveDraftAsync(Definition(1));
        var otherJson = JsonNode.Parse(Definition(1))!.AsObject();
        otherJson["id"] = "a-" + _journeyId;
        await other.SaveDraftAsync(otherJson.ToJsonString());
        var entry = (await Directory.ListAsync())[1];

        await Directory.UpdateAsync(entry);
        await Directory.UpdateAsync(entry);

        Assert.Equal(["a-" + _journeyId, _journeyId], (await Directory.ListAsync()).Select(e => e.JourneyId));
        Assert.Empty(await fx.Grains.GetGrain<IJourneyDirectoryGrain>(NewId("t")).ListAsync());
    }

    [Fact]
    public async Task Catalog_survives_deactivation()
    {
        await Journey.SaveDraftAsync(Definition(1));
        await Journey.PublishAsync();
        await Journey.SaveDraftAsync(Definition(2, name: "Next"));
        var before = await Journey.GetAsync();

        await fx.Cluster.DeactivateAsync(Journey);
        await fx.Cluster.DeactivateAsync(Directory);

        Assert.False(fx.Cluster.TryGetGrainContext(Journey.GetGrainId(), out _));
        var after = await Journey.GetAsync();
        Assert.Equal((before.Status, before.CurrentVersion, before.DraftJson), (after.Status, after.CurrentVersion, after.DraftJson));
        Assert.Equal(before.Versions, after.Versions);
        Assert.Equal(JourneyLifecycle.Active, Assert.Single(await Directory.ListAsync()).Status);
    }

    [Fact]
    public async Task Failed_write_leaves_the_journey_as_stored()
    {
        await Journey.SaveDraftAsync(Definition(1));
        fx.Storage.FailNextWrites(Journey.GetGrainId());

        await Assert.ThrowsAnyAsync<Exception>(() => Journey.PublishAsync());

        var view = await Journey.GetAsync();
        Assert.Equal((JourneyLifecycle.Draft, (int?)null), (view.Status, view.CurrentVersion));
        Assert.True((await Journey.PublishAsync()).IsOk);
    }

    [Fact]
    public async Task Directory_catches_up_after_a_failed_update()
    {
        await Journey.SaveDraftAsync(Definition(1));
        fx.Storage.FailNextWrites(Directory.GetGrainId());

        var published = await Journey.PublishAsync();
        await Journey.GetAsync();

        Assert.True(published.IsOk);
        Assert.Equal(JourneyLifecycle.Active, Assert.Single(await Directory.ListAsync()).Status);
    }

    [Fact]
    public void Every_catalog_rule_error_has_a_contract_error_of_the_same_name()
    {
        Assert.Empty(Enum.GetNames<CatalogError>().Except(Enum.GetNames<JourneyCommandError>()));
    }

    private static (JourneyLifecycle, int?) Pick(JourneyView v) => (v.Status, v.CurrentVersion);

    private static (JourneyLifecycle, int?, int?) Pick(JourneyDirectoryEntry e) => (e.Status, e.CurrentVersion, e.EntryVersion);
}
