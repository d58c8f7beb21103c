namespace PrivateDomain.Grains.Journeys.Definition;

/// <summary>Reads the <c>steps</c> array; references between steps are checked afterwards by <see cref="JourneyGraph"/>.</summary>
internal static class StepParser
{
    public const int MaxCases = 20;
    public const int MaxVariants = 10;

    private static readonly string[] Types = ["wait", "branch", "split", "action", "exit"];

    public static JourneyStep Parse(Reader r, string journeyId)
    {
        if (r.Element.ValueKind != System.Text.Json.JsonValueKind.Object)
        {
            r.Problem("", "must be a JSON object.");
            return new ExitStep("", null);
        }
        var type = r.Discriminator(Types);
        return type switch
        {
            "wait" => Wait(r),
            "branch" => Branch(r),
            "split" => Split(r),
            "action" => Action(r, journeyId),
            "exit" => Exit(r),
            _ => new ExitStep(r.OptionalId("id") ?? "", null),
        };
    }

    private static WaitStep Wait(Reader r)
    {
        r.IsObject("type", "id", "duration", "until", "event", "timeout", "next", "timeoutNext");
        var id = r.Id("id");
        var modes = new[] { "duration", "until", "event" }.Where(r.Has).ToList();
        if (modes.Count != 1)
            r.Problem("", modes.Count == 0
                ? "a wait needs one of duration, until or event."
                : $"a wait takes only one of duration, until or event, not {string.Join(" and ", modes)}.");
        var duration = r.Duration("duration", required: false);
        WaitUntil? until = null;
        if (r.Object("until", required: false) is { } u && u.IsObject("time", "days"))
            until = new WaitUntil(u.Time("time"), u.Has("days") ? u.Days("days") : Enum.GetValues<Weekday>());
        EventMatch? awaited = null;
        TimeSpan? timeout = null;
        string? timeoutNext = null;
        if (r.Object("event", required: false) is { } e)
        {
            awaited = FilterParser.Match(e);
            timeout = r.Duration("timeout", required: true);
            timeoutNext = r.Id("timeoutNext");
        }
        else
        {
            if (r.Has("timeout")) r.Problem("timeout", "applies only to a wait for an event.");
            if (r.Has("timeoutNext")) r.Problem("timeoutNext", "applies only to a wait for an event.");
        }
        return new WaitStep(id, duration, until, awaited, timeout, r.Id("next"), timeoutNext);
    }

    private static BranchStep Branch(Reader r)
    {
        r.IsObject("type", "id", "cases", "else");
        var id = r.Id("id");
        var cases = r.Array("cases", 1, MaxCases).Select(c =>
        {
            if (!c.IsObject("when", "next")) return new BranchCase(new AllCondition([]), "");
            var when = c.Object("when", required: true);
            return new BranchCase(when is null ? new AllCondition([]) : ConditionParser.Parse(when), c.Id("next"));
        }).ToList();
        return new BranchStep(id, cases, r.Id("else"));
    }

    private static SplitStep Split(Reader r)
    {
        r.IsObject("type", "id", "variants", "holdoutPercent");
        var id = r.Id("id");
        var variants = new List<SplitVariant>();
        foreach (var v in r.Array("variants", 1, MaxVariants))
        {
            if (!v.IsObject("name", "weight", "next"))
            {
                variants.Add(new SplitVariant("", 1, ""));
                continue;
            }
            var name = v.Id("name");
            if (name.Length > 0 && variants.Any(x => x.Name == name)) v.Problem("name", $"repeats variant '{name}'.");
            variants.Add(new SplitVariant(name, v.Int("weight", 1, 10_000), v.Id("next")));
        }
        return new SplitStep(id, variants, r.Int("holdoutPercent", 0, 99, 0));
    }

    private static ActionStep Action(Reader r, string journeyId)
    {
        r.IsObject("type", "id", "action", "next");
        var id = r.Id("id");
        var action = r.Object("action", required: true);
        return new ActionStep(id, action is null ? new AddTagAction("") : ActionParser.Parse(action, journeyId), r.Id("next"));
    }

    private static ExitStep Exit(Reader r)
    {
        r.IsObject("type", "id", "reason");
        return new ExitStep(r.Id("id"), r.OptionalString("reason", 200));
    }
}
