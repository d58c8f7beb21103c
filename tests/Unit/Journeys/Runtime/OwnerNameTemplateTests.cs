using System.Text.Json.Nodes;
using PrivateDomain.Grains.Cadence;
using PrivateDomain.Grains.Journeys.Hosting;
using PrivateDomain.Grains.Journeys.Runtime;
using PrivateDomain.Grains.State;
using static PrivateDomain.Tests.Unit.Journeys.Runtime.RuntimeKit;

namespace PrivateDomain.Tests.Unit.Journeys.Runtime;

/// <summary>The runner fills <c>{{persona.name}}</c> and <c>{{agent.name}}</c> from the owners' names in the snapshot it is given.</summary>
public sealed class OwnerNameTemplateTests
{
    private static readonly IJourneyDefinitions Definitions = new JourneyDefinitionSet([Parse(Journey("hi",
        Action("m", new JsonObject
        {
            ["type"] = "send_message", ["kind"] = "text", ["class"] = "service",
            ["template"] = "I'm {{persona.name}}; {{ agent.name }} will call you.",
        }, "done"),
        Exit()))]);

    private static readonly DisplayNames Names = new(
        new Dictionary<string, string?> { ["p1"] = "Xiao Wanzi", ["p2"] = "Coach Lin" },
        new Dictionary<string, string?> { ["a1"] = "Mei", ["a2"] = null });

    private static string Sent(CustomerState s, DisplayNames? names) =>
        Assert.Single(CustomerJourneyRunner.Run(s, "t1", "c1", new EventArrived("ev:e1", Added(id: "e1")), Definitions, T0,
            CadencePolicy.Default, names), e => e.Kind == EffectKind.EnqueueOutbox).Message!.Text;

    [Theory]
    [InlineData("p1", "a1", "I'm Xiao Wanzi; Mei will call you.")]
    [InlineData("p2", "a1", "I'm Coach Lin; Mei will call you.")]
    [InlineData("p1", "a2", "I'm Xiao Wanzi;  will call you.")]
    [InlineData("p1", null, "I'm Xiao Wanzi;  will call you.")]
    [InlineData("p1", "a9", "I'm Xiao Wanzi;  will call you.")]
    public void Owner_names_render_from_the_snapshot_and_unknown_ones_blank(string persona, string? agent, string expected) =>
        Assert.Equal(expected, Sent(new CustomerState { OwnerPersonaId = persona, OwnerAgentId = agent }, Names));

    [Fact]
    public void Without_a_snapshot_owner_names_are_blank_and_the_delivery_id_is_the_same()
    {
        var named = new CustomerState { OwnerPersonaId = "p1", OwnerAgentId = "a1" };
        var unnamed = new CustomerState { OwnerPersonaId = "p1", OwnerAgentId = "a1" };
        var withNames = Assert.Single(CustomerJourneyRunner.Run(named, "t1", "c1", new EventArrived("ev:e1", Added(id: "e1")), Definitions, T0,
            CadencePolicy.Default, Names), e => e.Kind == EffectKind.EnqueueOutbox).Message!;
        var withoutNames = Assert.Single(CustomerJourneyRunner.Run(unnamed, "t1", "c1", new EventArrived("ev:e1", Added(id: "e1")), Definitions, T0,
            CadencePolicy.Default), e => e.Kind == EffectKind.EnqueueOutbox).Message!;

        Assert.Equal("I'm ;  will call you.", withoutNames.Text);
        Assert.Equal("I'm Xiao Wanzi; Mei will call you.", withNames.Text);
        // Names decorate the text only: a replay that sees a newer name still carries the same delivery id.
        Assert.Equal(withNames.DeliveryId, withoutNames.DeliveryId);
    }
}
