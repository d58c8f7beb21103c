using System.Text;

namespace PrivateDomain.Grains.Journeys.Runtime;

/// <summary>
/// FNV-1a 64-bit over UTF-8: stable across processes and .NET versions (unlike string.GetHashCode), so replays of
/// the same commands pick the same instance ids and split variants.
/// </summary>
public static class JourneyHash
{
    public static ulong Of(string text)
    {
        var hash = 14695981039346656037UL;
        foreach (var b in Encoding.UTF8.GetBytes(text))
        {
            hash ^= b;
            hash *= 1099511628211UL;
        }
        // A final avalanche so nearby inputs spread over the low bits used for buckets.
        hash ^= hash >> 33;
        hash *= 0xff51afd7ed558ccdUL;
        hash ^= hash >> 33;
        return hash;
    }

    /// <summary>A short, URL-safe id (13 base-32 characters) from the hash of the parts.</summary>
    public static string Id(params string[] parts)
    {
        const string alphabet = "0123456789abcdefghjkmnpqrstvwxyz";
        var h = Of(string.Join('\u001f', parts));
        var chars = new char[13];
        for (var i = 12; i >= 0; i--)
        {
            chars[i] = alphabet[(int)(h & 31)];
            h >>= 5;
        }
        return new string(chars);
    }
}
