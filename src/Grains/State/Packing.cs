using System.Buffers.Binary;
using System.Text;

namespace PrivateDomain.Grains.State;

/// <summary>
/// Sizes for the hand-packed stored forms (console feeds, customer timelines): strings are a 7-bit-encoded UTF-8 byte
/// length then the bytes (the layout of <see cref="BinaryWriter.Write(string)"/>), times are UTC ticks and offset minutes.
/// Writers size the array exactly first, so packing allocates the result and nothing else.
/// </summary>
public static class Packing
{
    public const int TimeSize = sizeof(long) + sizeof(short);

    public static int VarSize(ulong value)
    {
        var size = 1;
        while (value >= 0x80) { value >>= 7; size++; }
        return size;
    }

    public static int StringSize(string value)
    {
        var bytes = Encoding.UTF8.GetByteCount(value);
        return VarSize((ulong)bytes) + bytes;
    }

    public static int OptionalSize(string? value) => value is null ? 0 : StringSize(value);
}

/// <summary>Writes a packed form into an array sized by <see cref="Packing"/>.</summary>
public ref struct PackWriter(Span<byte> to)
{
    private readonly Span<byte> _to = to;

    public int Position { get; private set; }

    public void Byte(byte value) => _to[Position++] = value;

    public void Var(ulong value)
    {
        while (value >= 0x80)
        {
            _to[Position++] = (byte)(value | 0x80);
            value >>= 7;
        }
        _to[Position++] = (byte)value;
    }

    public void String(string value)
    {
        var bytes = Encoding.UTF8.GetByteCount(value);
        Var((ulong)bytes);
        Position += Encoding.UTF8.GetBytes(value, _to[Position..]);
    }

    public void Time(DateTimeOffset value)
    {
        BinaryPrimitives.WriteInt64LittleEndian(_to[Position..], value.UtcTicks);
        BinaryPrimitives.WriteInt16LittleEndian(_to[(Position + sizeof(long))..], (short)value.Offset.TotalMinutes);
        Position += Packing.TimeSize;
    }

    /// <summary>Checks that the writer filled the array exactly as sized.</summary>
    public readonly void End(string what)
    {
        if (Position != _to.Length) throw new InvalidOperationException($"{what} packing wrote {Position} of {_to.Length} bytes.");
    }
}

/// <summary>Reads what <see cref="PackWriter"/> wrote.</summary>
public ref struct PackReader(ReadOnlySpan<byte> from)
{
    private readonly ReadOnlySpan<byte> _from = from;
    private int _at;

    /// <summary>Reads the format byte (refusing any other) and the count that every packed list starts with.</summary>
    public int Begin(byte format, string what)
    {
        var found = Byte();
        if (found != format) throw new InvalidDataException($"Unknown {what} format {found}.");
        return checked((int)Var());
    }

    public byte Byte() => _from[_at++];

    public ulong Var()
    {
        ulong value = 0;
        for (var shift = 0; ; shift += 7)
        {
            if (shift > 63) throw new InvalidDataException("A packed number is too long.");
            var b = _from[_at++];
            value |= (ulong)(b & 0x7F) << shift;
            if (b < 0x80) return value;
        }
    }

    public string String()
    {
        var length = checked((int)Var());
        var value = Encoding.UTF8.GetString(_from.Slice(_at, length));
        _at += length;
        return value;
    }

    public DateTimeOffset Time()
    {
        var ticks = BinaryPrimitives.ReadInt64LittleEndian(_from[_at..]);
        var offset = TimeSpan.FromMinutes(BinaryPrimitives.ReadInt16LittleEndian(_from[(_at + sizeof(long))..]));
        _at += Packing.TimeSize;
        return new DateTimeOffset(ticks, TimeSpan.Zero).ToOffset(offset);
    }
}
