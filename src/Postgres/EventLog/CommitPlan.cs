using PrivateDomain.Storage;
using PrivateDomain.Storage.Sqlite;

namespace PrivateDomain.Postgres.EventLog;

/// <summary>An event already in the log: where it is and the hash of its body.</summary>
internal readonly record struct StoredEvent(long Sequence, byte[] Hash);

/// <summary>
/// Decides, in memory and in queue order, what each append of a group commit does: which events are new
/// (and their sequences, gap-free from the head), which are resends (same id, same body hash), and which
/// appends conflict (an id reused with a different body, in the batch itself, earlier in this commit or
/// in <c>stored</c>). A conflicting append contributes no rows, so it rolls back alone.
/// </summary>
internal sealed class CommitPlan
{
    private readonly Dictionary<(string Tenant, string Id), StoredEvent> _thisCommit = [];
    private readonly Dictionary<string, byte[]> _seenInAppend = new(StringComparer.Ordinal);

    public EventRowBuffer Rows { get; } = new();

    /// <summary>Per append: its result, or null when it was cancelled before the commit.</summary>
    public AppendResult?[] Results { get; private set; } = [];

    /// <summary>The log's head after this commit.</summary>
    public long LastSequence { get; private set; }

    public int Appended => Rows.Count;

    /// <summary>Rows the helper connection committed when the commit was split in two; 0 when it was not.</summary>
    public int SplitAt { get; set; }

    public int Duplicates { get; private set; }

    /// <summary>
    /// True when an append conflicted within itself: its result lists every conflicting index only once
    /// the stored events are known, so the commit must look them up.
    /// </summary>
    public bool NeedsStoredEvents { get; private set; }

    /// <summary>
    /// The append boundary that splits the rows most evenly in two: appends [0, Appends) own rows [0, Rows).
    /// Rows run in append order, so each half holds whole appends.
    /// </summary>
    public (int Appends, int Rows) EvenSplit()
    {
        var half = Rows.Count / 2;
        var rows = 0;
        (int Appends, int Rows) best = (0, 0);
        for (var a = 0; a < Results.Length && rows < half; a++)
        {
            rows += Results[a] is { Outcome: AppendOutcome.Appended } result ? result.Accepted : 0;
            if (Math.Abs(rows - half) < Math.Abs(best.Rows - half))
                best = (a + 1, rows);
        }
        return best;
    }

    /// <param name="head">The committed head, read under the writers' lock.</param>
    /// <param name="stored">Events already logged under ids of this commit; null on the first, optimistic pass.</param>
    public void Build(IReadOnlyList<AppendRequest> batch, bool[] active, long head, IReadOnlyDictionary<(string, string), StoredEvent>? stored)
    {
        Rows.Clear();
        _thisCommit.Clear();
        SplitAt = 0;
        Results = new AppendResult?[batch.Count];
        Duplicates = 0;
        NeedsStoredEvents = false;
        var last = head;
        for (var a = 0; a < batch.Count; a++)
        {
            if (active[a])
                Results[a] = Plan(batch[a], ref last, stored);
        }
        LastSequence = last;
    }

    private AppendResult Plan(AppendRequest request, ref long last, IReadOnlyDictionary<(string, string), StoredEvent>? stored)
    {
        _seenInAppend.Clear();
        var firstRow = Rows.Count;
        List<int>? conflicts = null;
        int duplicates = 0, inBatchConflicts = 0;
        var highest = 0L;
        for (var i = 0; i < request.Events.Count; i++)
        {
            var e = request.Events[i];
            var hash = request.Hashes[i];
            if (_seenInAppend.TryGetValue(e.Id, out var earlier))
            {
                if (earlier.AsSpan().SequenceEqual(hash)) duplicates++;
                else { (conflicts ??= []).Add(i); inBatchConflicts++; }
                continue;
            }

            _seenInAppend.Add(e.Id, hash);
            var key = (request.TenantId, e.Id);
            if (_thisCommit.TryGetValue(key, out var logged) || (stored is not null && stored.TryGetValue(key, out logged)))
            {
                if (logged.Hash.AsSpan().SequenceEqual(hash))
                {
                    duplicates++;
                    highest = Math.Max(highest, logged.Sequence);
                }
                else
                {
                    (conflicts ??= []).Add(i);
                }
                continue;
            }

            var sequence = last + (Rows.Count - firstRow) + 1;
            Rows.Add(sequence, request.TenantId, e, hash);
            highest = sequence;
        }

        if (conflicts is not null)
        {
            Rows.Truncate(firstRow);
            NeedsStoredEvents |= stored is null && inBatchConflicts > 0;
            return new AppendResult(AppendOutcome.Conflict, 0, duplicates, conflicts, last);
        }

        var accepted = Rows.Count - firstRow;
        for (var r = firstRow; r < Rows.Count; r++)
            _thisCommit[(Rows.Tenant[r], Rows.Id[r])] = new StoredEvent(Rows.Sequence[r], Rows.Hash[r]);
        last += accepted;
        Duplicates += duplicates;
        return new AppendResult(AppendOutcome.Appended, accepted, duplicates, [], highest);
    }
}
