using System.Text.Json;
using System.Text.RegularExpressions;

namespace PrivateDomain.Tests.Unit.Journeys.Definition;

/// <summary>
/// A small JSON Schema (2020-12) evaluator for the keywords docs/schemas/journey.schema.json uses, so the examples can be
/// checked against the schema without a package. An unknown keyword fails loudly rather than being skipped.
/// </summary>
internal sealed class MiniJsonSchema(JsonElement root)
{
    private static readonly HashSet<string> Annotations = ["$schema", "$id", "title", "description", "default", "$defs"];

    public List<string> Errors(JsonElement instance)
    {
        var errors = new List<string>();
        Check(root, instance, "$", errors);
        return errors;
    }

    private bool Valid(JsonElement schema, JsonElement instance)
    {
        var errors = new List<string>();
        Check(schema, instance, "$", errors);
        return errors.Count == 0;
    }

    private void Check(JsonElement schema, JsonElement v, string path, List<string> errors)
    {
        foreach (var kw in schema.EnumerateObject())
        {
            var s = kw.Value;
            switch (kw.Name)
            {
                case var a when Annotations.Contains(a):
                    break;
                case "$ref":
                    var name = s.GetString()!;
                    Assert.StartsWith("#/$defs/", name);
                    Check(root.GetProperty("$defs").GetProperty(name["#/$defs/".Length..]), v, path, errors);
                    break;
                case "type":
                    var types = s.ValueKind == JsonValueKind.Array ? s.EnumerateArray().Select(t => t.GetString()!).ToList() : [s.GetString()!];
                    if (!types.Any(t => IsType(v, t))) errors.Add($"{path}: expected {string.Join("|", types)}");
                    break;
                case "const":
                    if (!JsonElement.DeepEquals(s, v)) errors.Add($"{path}: expected {s}");
                    break;
                case "enum":
                    if (!s.EnumerateArray().Any(e => JsonElement.DeepEquals(e, v))) errors.Add($"{path}: not in enum");
                    break;
                case "required":
                    if (v.ValueKind == JsonValueKind.Object)
                        foreach (var r in s.EnumerateArray().Where(r => !v.TryGetProperty(r.GetString()!, out _))) errors.Add($"{path}: missing {r}");
                    break;
                case "properties":
                    if (v.ValueKind == JsonValueKind.Object)
                        foreach (var p in v.EnumerateObject().Where(p => s.TryGetProperty(p.Name, out _)))
                            Check(s.GetProperty(p.Name), p.Value, $"{path}.{p.Name}", errors);
                    break;
                case "additionalProperties":
                    Assert.Equal(JsonValueKind.False, s.ValueKind);
                    var props = schema.GetProperty("properties");
                    if (v.ValueKind == JsonValueKind.Object)
                        foreach (var p in v.EnumerateObject().Where(p => !props.TryGetProperty(p.Name, out _))) errors.Add($"{path}.{p.Name}: not allowed");
                    break;
                case "items":
                    if (v.ValueKind == JsonValueKind.Array)
                    {
                        var i = 0;
                        foreach (var item in v.EnumerateArray()) Check(s, item, $"{path}[{i++}]", errors);
                    }
                    break;
                case "minItems":
                    if (v.ValueKind == JsonValueKind.Array && v.GetArrayLength() < s.GetInt32()) errors.Add($"{path}: too few items");
                    break;
                case "maxItems":
                    if (v.ValueKind == JsonValueKind.Array && v.GetArrayLength() > s.GetInt32()) errors.Add($"{path}: too many items");
                    break;
                case "uniqueItems":
                    if (v.ValueKind == JsonValueKind.Array && v.EnumerateArray().Select(e => e.GetRawText()).Distinct().Count() != v.GetArrayLength())
                        errors.Add($"{path}: items repeat");
                    break;
                case "oneOf":
                    var matches = s.EnumerateArray().Count(alt => Valid(alt, v));
                    if (matches != 1) errors.Add($"{path}: matches {matches} of oneOf");
                    break;
                case "anyOf":
                    if (!s.EnumerateArray().Any(alt => Valid(alt, v))) errors.Add($"{path}: matches none of anyOf");
                    break;
                case "pattern":
                    if (v.ValueKind == JsonValueKind.String && !Regex.IsMatch(v.GetString()!, s.GetString()!)) errors.Add($"{path}: does not match {s}");
                    break;
                case "minLength":
                    if (v.ValueKind == JsonValueKind.String && v.GetString()!.Length < s.GetInt32()) errors.Add($"{path}: too short");
                    break;
                case "maxLength":
                    if (v.ValueKind == JsonValueKind.String && v.GetString()!.Length > s.GetInt32()) errors.Add($"{path}: too long");
                    break;
                case "minimum":
                    if (v.ValueKind == JsonValueKind.Number && v.GetDecimal() < s.GetDecimal()) errors.Add($"{path}: below minimum");
                    break;
                case "maximum":
                    if (v.ValueKind == JsonValueKind.Number && v.GetDecimal() > s.GetDecimal()) errors.Add($"{path}: above maximum");
                    break;
                default:
                    Assert.Fail($"MiniJsonSchema does not understand the keyword '{kw.Name}'.");
                    break;
            }
        }
    }

    private static bool IsType(JsonElement v, string type) => type switch
    {
        "object" => v.ValueKind == JsonValueKind.Object,
        "array" => v.ValueKind == JsonValueKind.Array,
        "string" => v.ValueKind == JsonValueKind.String,
        "number" => v.ValueKind == JsonValueKind.Number,
        "integer" => v.ValueKind == JsonValueKind.Number && v.TryGetInt64(out _),
        "boolean" => v.ValueKind is JsonValueKind.True or JsonValueKind.False,
        "null" => v.ValueKind == JsonValueKind.Null,
        _ => throw new ArgumentException(type),
    };
}
