using System.Runtime.InteropServices;
using PrivateDomain.Contracts;

namespace PrivateDomain.Postgres.EventLog;

/// <summary>
/// The rows of one group commit as column lists, sent as arrays to a single <c>INSERT … SELECT FROM unnest(…)</c>.
/// Reused across commits by the one writer.
/// </summary>
internal sealed class EventRowBuffer
{
    public List<long> Sequence { get; } = [];
    public List<string> Tenant { get; } = [];
    public List<string> Id { get; } = [];
    public List<string> Type { get; } = [];
    public List<string?> Customer { get; } = [];
    public List<string?> Group { get; } = [];
    public List<string?> Persona { get; } = [];
    public List<DateTime> OccurredAt { get; } = [];
    public List<short> OccurredAtTicks { get; } = [];
    public List<string> Data { get; } = [];
    public List<byte[]> Hash { get; } = [];

    public int Count => Sequence.Count;

    public void Add(long sequence, string tenantId, EngineEvent e, byte[] hash)
    {
        Sequence.Add(sequence);
        Tenant.Add(tenantId);
        Id.Add(e.Id);
        Type.Add(e.Type);
        Customer.Add(e.CustomerId);
        Group.Add(e.GroupId);
        Persona.Add(e.PersonaId);
        OccurredAt.Add(PgTime.Microseconds(e.OccurredAt));
        OccurredAtTicks.Add(PgTime.SubMicrosecondTicks(e.OccurredAt));
        Data.Add(e.DataJson);
        Hash.Add(hash);
    }

    /// <summary>Appends rows [<paramref name="start"/>, <paramref name="end"/>) of <paramref name="source"/>.</summary>
    public void AddRange(EventRowBuffer source, int start, int end)
    {
        var n = end - start;
        Sequence.AddRange(CollectionsMarshal.AsSpan(source.Sequence).Slice(start, n));
        Tenant.AddRange(CollectionsMarshal.AsSpan(source.Tenant).Slice(start, n));
        Id.AddRange(CollectionsMarshal.AsSpan(source.Id).Slice(start, n));
        Type.AddRange(CollectionsMarshal.AsSpan(source.Type).Slice(start, n));
        Customer.AddRange(CollectionsMarshal.AsSpan(source.Customer).Slice(start, n));
        Group.AddRange(CollectionsMarshal.AsSpan(source.Group).Slice(start, n));
        Persona.AddRange(CollectionsMarshal.AsSpan(source.Persona).Slice(start, n));
        OccurredAt.AddRange(CollectionsMarshal.AsSpan(source.OccurredAt).Slice(start, n));
        OccurredAtTicks.AddRange(CollectionsMarshal.AsSpan(source.OccurredAtTicks).Slice(start, n));
        Data.AddRange(CollectionsMarshal.AsSpan(source.Data).Slice(start, n));
        Hash.AddRange(CollectionsMarshal.AsSpan(source.Hash).Slice(start, n));
    }

    /// <summary>Drops the rows from <paramref name="count"/> on (an append that turned out to conflict).</summary>
    public void Truncate(int count)
    {
        var n = Count - count;
        if (n <= 0)
            return;
        Sequence.RemoveRange(count, n);
        Tenant.RemoveRange(count, n);
        Id.RemoveRange(count, n);
        Type.RemoveRange(count, n);
        Customer.RemoveRange(count, n);
        Group.RemoveRange(count, n);
        Persona.RemoveRange(count, n);
        OccurredAt.RemoveRange(count, n);
        OccurredAtTicks.RemoveRange(count, n);
        Data.RemoveRange(count, n);
        Hash.RemoveRange(count, n);
    }

    public void Clear() => Truncate(0);
}
