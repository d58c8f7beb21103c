using System.Buffers;
using System.Buffers.Binary;
using System.Security.Cryptography;
using System.Text;
using PrivateDomain.Contracts;

namespace PrivateDomain.Storage.Sqlite;

/// <summary>
/// SHA-256 of an event's canonical body (everything but its id), so a resend can be told from a
/// different event reusing an id. Fields are length-prefixed so no two bodies share an encoding.
/// </summary>
internal static class EventBodyHash
{
    private const byte FormatVersion = 1;

    public static byte[] Compute(EngineEvent e)
    {
        var buffer = new ArrayBufferWriter<byte>(128 + e.DataJson.Length);
        buffer.GetSpan(1)[0] = FormatVersion;
        buffer.Advance(1);
        Write(buffer, e.Type);
        Write(buffer, e.CustomerId);
        Write(buffer, e.GroupId);
        Write(buffer, e.PersonaId);
        BinaryPrimitives.WriteInt64LittleEndian(buffer.GetSpan(8), e.OccurredAt.UtcTicks);
        buffer.Advance(8);
        Write(buffer, e.DataJson);
        return SHA256.HashData(buffer.WrittenSpan);
    }

    private static void Write(ArrayBufferWriter<byte> buffer, string? value)
    {
        var length = value is null ? -1 : Encoding.UTF8.GetByteCount(value);
        BinaryPrimitives.WriteInt32LittleEndian(buffer.GetSpan(4), length);
        buffer.Advance(4);
        if (length > 0)
            buffer.Advance(Encoding.UTF8.GetBytes(value, buffer.GetSpan(length)));
    }
}
