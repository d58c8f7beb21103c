using PrivateDomain.Grains.Journeys.Definition;

namespace PrivateDomain.Tests.Unit.Journeys.Definition;

public sealed class JourneyCatalogRulesTests
{
    private static readonly DateTimeOffset Now = new(2026, 6, 1, 12, 0, 0, TimeSpan.Zero);

    private static string Draft(int version, string id = "j1", string name = "Test journey") =>
        Journeys.Minimal().With("version", version).With("id", id).With("name", name).ToJsonString();

    private static JourneyCatalog Ok(CatalogResult r)
    {
        Assert.True(r.IsOk, $"{r.Error}: {r.Message} {string.Join("; ", r.Problems)}");
        return r.Catalog;
    }

    private static JourneyCatalog Published(int versions = 1)
    {
        var c = JourneyCatalogRules.Create("j1");
        for (var v = 1; v <= versions; v++)
            c = Ok(JourneyCatalogRules.Publish(Ok(JourneyCatalogRules.SaveDraft(c, Draft(v), Now)), Now.AddMinutes(v)));
        return c;
    }

    private static void Refused(CatalogResult r, CatalogError error, JourneyCatalog before)
    {
        Assert.Equal(error, r.Error);
        Assert.False(string.IsNullOrWhiteSpace(r.Message));
        Assert.Same(before, r.Catalog);
    }

    [Fact]
    public void First_publish_activates_version_1()
    {
        var c = Published();
        Assert.Equal(JourneyStatus.Active, c.Status);
        Assert.Null(c.DraftJson);
        Assert.Equal(1, c.EntryVersion!.Version);
        Assert.Equal(Now.AddMinutes(1), c.EntryVersion.PublishedAt);
    }

    [Fact]
    public void New_customers_enter_the_latest_version_while_old_versions_stay_readable()
    {
        var c = Published(versions: 3);
        Assert.Equal(3, c.EntryVersion!.Version);
        Assert.Equal(1, JourneyValidator.Validate(c.Version(1)!.Json).AssertValid().Version);
        Assert.Null(c.Version(4));
    }

    [Fact]
    public void Published_version_is_stored_in_canonical_form()
    {
        var c = Published();
        var definition = JourneyValidator.Validate(c.Version(1)!.Json).AssertValid();
        Assert.Equal(JourneyJson.Serialize(definition), c.Version(1)!.Json);
    }

    [Fact]
    public void Editing_a_published_version_is_refused()
    {
        var c = Published();
        var r = JourneyCatalogRules.SaveDraft(c, Draft(1, name: "changed"), Now);
        Refused(r, CatalogError.PublishedVersionImmutable, c);
        Assert.Contains("version 2", r.Message);
    }

    [Fact]
    public void Draft_must_carry_the_next_version_and_the_journey_id()
    {
        var c = Published();
        Refused(JourneyCatalogRules.SaveDraft(c, Draft(5), Now), CatalogError.WrongVersion, c);
        Refused(JourneyCatalogRules.SaveDraft(c, Draft(2, id: "other"), Now), CatalogError.WrongJourneyId, c);
        Refused(JourneyCatalogRules.SaveDraft(c, "not json", Now), CatalogError.DraftNotJson, c);
    }

    [Fact]
    public void Invalid_draft_is_saved_with_its_problems_but_cannot_be_published()
    {
        var invalid = Journeys.Minimal().With("start", "nowhere").ToJsonString();
        var saved = JourneyCatalogRules.SaveDraft(JourneyCatalogRules.Create("j1"), invalid, Now);
        var c = Ok(saved);
        Assert.Contains(saved.Problems, p => p.Path == "start");

        var r = JourneyCatalogRules.Publish(c, Now);
        Refused(r, CatalogError.InvalidDraft, c);
        Assert.Contains(r.Problems, p => p.Path == "start");
        Assert.Empty(c.Versions);
    }

    [Fact]
    public void Publishing_without_a_draft_is_refused()
    {
        var c = Published();
        Refused(JourneyCatalogRules.Publish(c, Now), CatalogError.NoDraft, c);
    }

    [Fact]
    public void Pause_and_resume_toggle_entry()
    {
        var paused = Ok(JourneyCatalogRules.Pause(Published(), Now));
        Assert.Equal(JourneyStatus.Paused, paused.Status);
        Assert.Null(paused.EntryVersion);
        var resumed = Ok(JourneyCatalogRules.Resume(paused, Now));
        Assert.Equal(JourneyStatus.Active, resumed.Status);
        Assert.Equal(1, resumed.EntryVersion!.Version);
    }

    [Fact]
    public void Publishing_while_paused_stays_paused()
    {
        var paused = Ok(JourneyCatalogRules.Pause(Published(), Now));
        var c = Ok(JourneyCatalogRules.Publish(Ok(JourneyCatalogRules.SaveDraft(paused, Draft(2), Now)), Now));
        Assert.Equal(JourneyStatus.Paused, c.Status);
        Assert.Equal(2, c.LatestVersion);
    }

    [Fact]
    public void Forbidden_status_transitions_are_refused()
    {
        var draft = JourneyCatalogRules.Create("j1");
        Refused(JourneyCatalogRules.Pause(draft, Now), CatalogError.NotActive, draft);
        Refused(JourneyCatalogRules.Resume(draft, Now), CatalogError.NotPaused, draft);
        var active = Published();
        Refused(JourneyCatalogRules.Resume(active, Now), CatalogError.NotPaused, active);
        var paused = Ok(JourneyCatalogRules.Pause(active, Now));
        Refused(JourneyCatalogRules.Pause(paused, Now), CatalogError.NotActive, paused);
    }

    [Fact]
    public void Archived_journey_refuses_every_change_and_keeps_its_versions()
    {
        var archived = Ok(JourneyCatalogRules.Archive(Published(), Now));
        Assert.Equal(JourneyStatus.Archived, archived.Status);
        Assert.Null(archived.EntryVersion);
        Assert.NotNull(archived.Version(1));
        Refused(JourneyCatalogRules.SaveDraft(archived, Draft(2), Now), CatalogError.Archived, archived);
        Refused(JourneyCatalogRules.Publish(archived, Now), CatalogError.Archived, archived);
        Refused(JourneyCatalogRules.Pause(archived, Now), CatalogError.Archived, archived);
        Refused(JourneyCatalogRules.Resume(archived, Now), CatalogError.Archived, archived);
        Refused(JourneyCatalogRules.Archive(archived, Now), CatalogError.Archived, archived);
        Refused(JourneyCatalogRules.DiscardDraft(archived, Now), CatalogError.Archived, archived);
    }

    [Fact]
    public void Discarding_the_draft_keeps_published_versions()
    {
        var c = Ok(JourneyCatalogRules.SaveDraft(Published(), Draft(2), Now));
        var discarded = Ok(JourneyCatalogRules.DiscardDraft(c, Now));
        Assert.Null(discarded.DraftJson);
        Assert.Equal(1, discarded.LatestVersion);
    }
}
