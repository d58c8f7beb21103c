namespace PrivateDomain.Grains.Journeys.Definition;

/// <summary>
/// Checks the step graph: unique ids, a start that exists, references that resolve, every step reachable from the
/// start, and no loop that a customer could run round without passing a wait (an instant loop would spin forever).
/// Problems come in step order, so the same definition always yields the same list.
/// </summary>
internal static class JourneyGraph
{
    public static void Check(string start, IReadOnlyList<JourneyStep> steps, List<JourneyProblem> problems)
    {
        var index = new Dictionary<string, int>(StringComparer.Ordinal);
        for (var i = 0; i < steps.Count; i++)
        {
            var id = steps[i].Id;
            if (id.Length == 0) continue;
            if (index.TryGetValue(id, out var first)) problems.Add(new($"steps[{i}].id", $"duplicate step id '{id}' (first at steps[{first}])."));
            else index[id] = i;
        }
        var startKnown = start.Length > 0 && index.ContainsKey(start);
        if (start.Length > 0 && !startKnown) problems.Add(new("start", $"unknown step '{start}'."));

        var edges = new List<int>[steps.Count];
        for (var i = 0; i < steps.Count; i++)
        {
            edges[i] = [];
            foreach (var (target, field) in steps[i].Edges())
            {
                if (target.Length == 0) continue; // already reported as missing or malformed
                if (index.TryGetValue(target, out var j)) edges[i].Add(j);
                else problems.Add(new($"steps[{i}].{field}", $"unknown step '{target}'."));
            }
        }
        if (startKnown) Unreachable(index[start], start, steps, edges, problems);
        InstantLoops(steps, edges, problems);
    }

    private static void Unreachable(int start, string startId, IReadOnlyList<JourneyStep> steps, List<int>[] edges, List<JourneyProblem> problems)
    {
        var seen = new bool[steps.Count];
        var queue = new Queue<int>([start]);
        seen[start] = true;
        while (queue.TryDequeue(out var i))
        {
            foreach (var j in edges[i].Where(j => !seen[j]))
            {
                seen[j] = true;
                queue.Enqueue(j);
            }
        }
        for (var i = 0; i < steps.Count; i++)
        {
            if (!seen[i] && steps[i].Id.Length > 0) problems.Add(new($"steps[{i}]", $"step '{steps[i].Id}' is unreachable from start '{startId}'."));
        }
    }

    /// <summary>Strongly connected components of the graph without wait steps (Tarjan); each cyclic one is an instant loop.</summary>
    private static void InstantLoops(IReadOnlyList<JourneyStep> steps, List<int>[] edges, List<JourneyProblem> problems)
    {
        var n = steps.Count;
        var order = new int[n];
        var low = new int[n];
        var onStack = new bool[n];
        var stack = new Stack<int>();
        var counter = 0;
        var loops = new List<List<int>>();
        Array.Fill(order, -1);

        bool Instant(int i) => steps[i] is not WaitStep;

        void Visit(int v)
        {
            order[v] = low[v] = counter++;
            stack.Push(v);
            onStack[v] = true;
            foreach (var w in edges[v].Where(Instant))
            {
                if (order[w] < 0)
                {
                    Visit(w);
                    low[v] = Math.Min(low[v], low[w]);
                }
                else if (onStack[w]) low[v] = Math.Min(low[v], order[w]);
            }
            if (low[v] != order[v]) return;
            var component = new List<int>();
            int x;
            do
            {
                x = stack.Pop();
                onStack[x] = false;
                component.Add(x);
            } while (x != v);
            if (component.Count > 1 || edges[v].Contains(v)) loops.Add(component);
        }

        for (var i = 0; i < n; i++)
        {
            if (Instant(i) && order[i] < 0) Visit(i);
        }
        foreach (var loop in loops.Select(l => l.Order().ToList()).OrderBy(l => l[0]))
        {
            var names = string.Join(", ", loop.Select(i => $"'{steps[i].Id}'"));
            problems.Add(new($"steps[{loop[0]}]", $"instant loop through {names} with no wait step on it."));
        }
    }
}
