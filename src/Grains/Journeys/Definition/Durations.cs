using System.Globalization;
using System.Text.Json;
using System.Text.Json.Serialization;
using System.Text.RegularExpressions;

namespace PrivateDomain.Grains.Journeys.Definition;

/// <summary>Durations as written in definitions: days, hours and minutes, e.g. <c>3d</c>, <c>1d12h</c>, <c>90m</c>.</summary>
public static partial class Durations
{
    public static readonly TimeSpan Min = TimeSpan.FromMinutes(1);
    public static readonly TimeSpan Max = TimeSpan.FromDays(400);

    [GeneratedRegex(@"^(?:(\d{1,6})d)?(?:(\d{1,6})h)?(?:(\d{1,6})m)?$", RegexOptions.CultureInvariant)]
    private static partial Regex Pattern();

    public static bool TryParse(string? text, out TimeSpan duration)
    {
        duration = default;
        if (string.IsNullOrEmpty(text)) return false;
        var m = Pattern().Match(text);
        if (!m.Success) return false;
        static int Part(Group g) => g.Success ? int.Parse(g.Value, CultureInfo.InvariantCulture) : 0;
        duration = TimeSpan.FromDays(Part(m.Groups[1])) + TimeSpan.FromHours(Part(m.Groups[2])) + TimeSpan.FromMinutes(Part(m.Groups[3]));
        return true;
    }

    /// <summary>The canonical text: whole days, then hours, then minutes, each only when non-zero.</summary>
    public static string Format(TimeSpan d)
    {
        var text = (d.Days > 0 ? $"{d.Days}d" : "") + (d.Hours > 0 ? $"{d.Hours}h" : "") + (d.Minutes > 0 ? $"{d.Minutes}m" : "");
        return text.Length == 0 ? "0m" : text;
    }
}

/// <summary>Writes and reads a duration as <see cref="Durations"/> text.</summary>
public sealed class DurationConverter : JsonConverter<TimeSpan>
{
    public override TimeSpan Read(ref Utf8JsonReader reader, Type typeToConvert, JsonSerializerOptions options) =>
        Durations.TryParse(reader.GetString(), out var d) ? d : throw new JsonException("A duration is written like 3d, 12h, 30m or 1d12h.");

    public override void Write(Utf8JsonWriter writer, TimeSpan value, JsonSerializerOptions options) => writer.WriteStringValue(Durations.Format(value));
}

/// <summary>A local time of day as <c>HH:mm</c> (24-hour).</summary>
public sealed class LocalTimeConverter : JsonConverter<TimeOnly>
{
    public static bool TryParse(string? text, out TimeOnly time) =>
        TimeOnly.TryParseExact(text, "HH:mm", CultureInfo.InvariantCulture, DateTimeStyles.None, out time);

    public override TimeOnly Read(ref Utf8JsonReader reader, Type typeToConvert, JsonSerializerOptions options) =>
        TryParse(reader.GetString(), out var t) ? t : throw new JsonException("A time of day is written HH:mm, e.g. 09:30.");

    public override void Write(Utf8JsonWriter writer, TimeOnly value, JsonSerializerOptions options) =>
        writer.WriteStringValue(value.ToString("HH:mm", CultureInfo.InvariantCulture));
}
