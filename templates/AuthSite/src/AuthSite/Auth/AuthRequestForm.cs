using System.Text.Json;
using System.Text.Json.Nodes;

namespace AuthSite.Auth;

/// <summary>
/// The fields of a POST to <c>/api/auth/*</c>: a urlencoded or multipart form, or a JSON object, as NextAuth accepts.
/// A body that cannot be read gives no fields, so the CSRF check refuses the request rather than the server failing.
/// </summary>
internal sealed class AuthRequestForm
{
    private static readonly AuthRequestForm Empty = new(new Dictionary<string, string>(), data: null);
    private readonly Dictionary<string, string> _fields;

    private AuthRequestForm(Dictionary<string, string> fields, JsonNode? data)
    {
        _fields = fields;
        Data = data;
    }

    /// <summary>The <c>data</c> member of a JSON body (a session update's payload).</summary>
    public JsonNode? Data { get; }

    public string? this[string name] => _fields.GetValueOrDefault(name);

    /// <summary>Whether the caller asked for <c>{ url }</c> JSON instead of a redirect (<c>json=true</c>).</summary>
    public bool WantsJson => string.Equals(this["json"], "true", StringComparison.OrdinalIgnoreCase);

    public static async Task<AuthRequestForm> ReadAsync(HttpRequest request)
    {
        try
        {
            if (request.HasFormContentType)
            {
                var form = await request.ReadFormAsync();
                return new AuthRequestForm(form.ToDictionary(f => f.Key, f => f.Value.ToString()), data: null);
            }

            if (request.HasJsonContentType() && await JsonNode.ParseAsync(request.Body) is JsonObject json)
            {
                var fields = json.Where(p => p.Value is JsonValue).ToDictionary(p => p.Key, p => p.Value!.GetValueKind() == JsonValueKind.String ? p.Value.GetValue<string>() : p.Value.ToJsonString());
                return new AuthRequestForm(fields, json["data"]);
            }
        }
        catch (Exception exception) when (exception is InvalidDataException or JsonException or IOException or BadHttpRequestException)
        {
            // Malformed or oversized bodies are the caller's problem, answered by the checks that follow.
        }

        return Empty;
    }
}
