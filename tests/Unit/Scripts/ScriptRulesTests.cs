using PrivateDomain.Contracts;
using PrivateDomain.Grains.Scripts;

namespace PrivateDomain.Tests.Unit.Scripts;

public sealed class ScriptRulesTests
{
    private static readonly DateTimeOffset Now = new(2026, 6, 1, 12, 0, 0, TimeSpan.Zero);

    private static ScriptFacts Facts(string? name = "Mei") =>
        new("c1", name, "Coach Lin", "Amy", new Dictionary<string, string> { ["city"] = "Hangzhou" });

    [Fact]
    public void Variables_are_filled_for_the_customer_and_unknown_values_are_blank()
    {
        var text = ScriptText.Render("{{customer.name}}你好，我是{{ persona.name }}（{{agent.name}}），{{property.city}}{{property.size}} #{{customer.id}}", Facts());

        Assert.Equal("Mei你好，我是Coach Lin（Amy），Hangzhou #c1", text);
        Assert.Equal("Hi , welcome", ScriptText.Render("Hi {{customer.name}}, welcome", Facts(name: null)));
    }

    [Fact]
    public void Rendered_script_keeps_its_attachments()
    {
        var script = new Script("s1", "Guide", "Advice", "For {{customer.name}}", null, "https://x.test/g", "Guide", "m1", 3, "a1", Now);

        Assert.Equal(new RenderedScript("s1", "For Mei", null, "https://x.test/g", "Guide", "m1"), ScriptText.Render(script, Facts()));
    }

    [Theory]
    [InlineData("Hi {{customer.age}}", "unknown variable 'customer.age'")]
    [InlineData("Hi {{customer.name}", "unbalanced")]
    [InlineData("Hi }}", "unbalanced")]
    public void Bad_templates_are_named(string text, string expected)
    {
        var problem = Assert.Single(ScriptRules.Check(new ScriptDraft("n", null, text)));

        Assert.Equal("text", problem.Field);
        Assert.Contains(expected, problem.Message);
    }

    [Fact]
    public void Every_bad_field_of_a_draft_is_named()
    {
        var draft = new ScriptDraft(new string('n', 101), " ", new string('x', 2_001), "javascript:alert(1)", "https://", new string('t', 201), "bad id");

        Assert.Equal(["category", "imageUrl", "linkTitle", "linkUrl", "materialId", "name", "text"],
            ScriptRules.Check(draft).Select(p => p.Field).Order(StringComparer.Ordinal));
        Assert.Empty(ScriptRules.Check(new ScriptDraft("ok", null, "ok", "http://x.test/a.png", "https://x.test", "Title", "m-1")));
    }

    [Fact]
    public void Library_is_bounded_but_existing_scripts_can_still_be_edited()
    {
        var state = new ScriptLibraryState();
        for (var i = 0; i < ScriptRules.MaxScripts; i++) Assert.True(ScriptBook.Save(state, $"s{i}", new("n", null, "t"), 0, "a1", Now).Ok);

        var full = ScriptBook.Save(state, "one-more", new("n", null, "t"), null, "a1", Now);
        var edit = ScriptBook.Save(state, "s0", new("renamed", null, "t"), 1, "a2", Now);

        Assert.Equal(("scriptId", ScriptChangeError.Invalid), (Assert.Single(full.Problems).Field, full.Error));
        Assert.Equal((2L, "renamed", "a2", ScriptRules.DefaultCategory), (edit.Script!.Version, edit.Script.Name, edit.Script.UpdatedBy, edit.Script.Category));
        Assert.Equal(ScriptRules.MaxScripts + 1L, state.Version);
    }

    [Theory]
    [InlineData("text", null, null, null, null, null, "")]
    [InlineData("image", "hi", null, null, null, null, "mediaUrl")]
    [InlineData("image", null, "ftp://x/a.png", null, null, null, "mediaUrl")]
    [InlineData("link", null, null, "https://x.test", null, null, "title")]
    [InlineData("link", null, null, "https://x.test", "T", "m1", "materialId")]
    [InlineData("material", null, null, null, null, null, "materialId")]
    [InlineData("video", "hi", null, null, null, null, "kind")]
    public void Bad_replies_name_the_field(string kind, string? text, string? media, string? url, string? title, string? material, string field)
    {
        var problems = ReplyContentRules.Check(new ReplyContent(kind, text, media, url, title, material));

        Assert.Equal(field == "" ? "text" : field, Assert.Single(problems).Field);
    }

    [Fact]
    public void Reply_body_lays_out_each_kind_like_a_journey_message()
    {
        Assert.Equal("Look\nhttps://x.test/a.jpg", ReplyContentRules.Body(new(ReplyKinds.Image, "Look", MediaUrl: "https://x.test/a.jpg")));
        Assert.Equal("Guide\nhttps://x.test/g", ReplyContentRules.Body(new(ReplyKinds.Link, Url: "https://x.test/g", Title: "Guide")));
        Assert.Equal("For you\n[material m1]", ReplyContentRules.Body(new(ReplyKinds.Material, "For you", MaterialId: "m1")));
        Assert.Empty(ReplyContentRules.Check(new(ReplyKinds.Material, "For you", Url: "https://x.test/m", Title: "M", MaterialId: "m1", ScriptId: "s1")));
    }
}
