namespace PrivateDomain.Grains.Groups.Moderation;

/// <summary>
/// Aho–Corasick over the normalised word list: one pass over a message finds every listed word in it, however many
/// words the list holds. Reports the word with the most severe own action (else the first found).
/// </summary>
public sealed class WordMatcher
{
    private readonly List<Dictionary<char, int>> _next = [];
    private readonly List<int> _fail = [];
    /// <summary>Per node: the index of the best word ending here (through failure links), or -1.</summary>
    private readonly List<int> _output = [];
    private readonly IReadOnlyList<SensitiveWord> _words;

    private WordMatcher(IReadOnlyList<SensitiveWord> words) => _words = words;

    public int Count => _words.Count;

    public static WordMatcher Build(IReadOnlyList<SensitiveWord> words)
    {
        var m = new WordMatcher(words);
        m.AddNode();
        for (var w = 0; w < words.Count; w++)
        {
            var key = TextNormalizer.ForWords(words[w].Word);
            if (key.Length == 0) continue;
            var node = 0;
            foreach (var c in key)
            {
                if (!m._next[node].TryGetValue(c, out var child))
                {
                    child = m.AddNode();
                    m._next[node][c] = child;
                }
                node = child;
            }
            m._output[node] = m.Better(m._output[node], w);
        }
        // Breadth first: a node's failure link is the longest proper suffix of its path that is also a path.
        var queue = new Queue<int>();
        foreach (var child in m._next[0].Values) queue.Enqueue(child);
        while (queue.Count > 0)
        {
            var node = queue.Dequeue();
            foreach (var (c, child) in m._next[node])
            {
                var f = m._fail[node];
                while (f != 0 && !m._next[f].ContainsKey(c)) f = m._fail[f];
                m._fail[child] = m._next[f].TryGetValue(c, out var target) && target != child ? target : 0;
                m._output[child] = m.Better(m._output[child], m._output[m._fail[child]]);
                queue.Enqueue(child);
            }
        }
        return m;
    }

    /// <summary>The matched word in already normalised text (<see cref="TextNormalizer.ForWords"/>), or null.</summary>
    public SensitiveWord? Find(string normalised)
    {
        if (_words.Count == 0) return null;
        var node = 0;
        var best = -1;
        foreach (var c in normalised)
        {
            while (node != 0 && !_next[node].ContainsKey(c)) node = _fail[node];
            node = _next[node].GetValueOrDefault(c);
            if (_output[node] >= 0)
            {
                best = Better(best, _output[node]);
                if (_words[best].Action == ModerationAction.Remove) break;
            }
        }
        return best < 0 ? null : _words[best];
    }

    private int AddNode()
    {
        _next.Add([]);
        _fail.Add(0);
        _output.Add(-1);
        return _next.Count - 1;
    }

    private int Better(int a, int b) =>
        a < 0 ? b : b < 0 ? a : (int)(_words[b].Action ?? ModerationAction.None) > (int)(_words[a].Action ?? ModerationAction.None) ? b : a;
}
