using System.Text.Json;
using System.Text.Json.Nodes;
using Microsoft.AspNetCore.Http.Features;
using Microsoft.AspNetCore.WebUtilities;

namespace AuthSite.AspNetCore;

/// <summary>
/// The fields of a POST to <c>/api/auth/*</c>: a urlencoded or multipart form, or a JSON object, as NextAuth accepts.
/// Any value is read as sent, control characters included (the checks that use a field decide what it may hold).
/// </summary>
internal sealed class AuthRequestForm
{
    // Far above what the API's forms hold (a token, an email, a password, a URL), far below the framework's 4 MB.
    private const int MaxBodyBytes = 64 * 1024;

    private static readonly AuthRequestForm Empty = new(new Dictionary<string, string>(), data: null);
    private static readonly AuthRequestForm Unreadable = new(StatusCodes.Status400BadRequest, "The request body is not a readable form or JSON object.");
    private static readonly AuthRequestForm TooLarge = new(StatusCodes.Status413PayloadTooLarge, $"The request body is larger than {MaxBodyBytes / 1024} KB.");
    private static readonly JsonDocumentOptions JsonOptions = new() { AllowDuplicateProperties = false, MaxDepth = 32 };
    private readonly Dictionary<string, string> _fields;

    private AuthRequestForm(Dictionary<string, string> fields, JsonNode? data)
    {
        _fields = fields;
        Data = data;
    }

    private AuthRequestForm(int status, string message)
        : this(new Dictionary<string, string>(), data: null)
    {
        Refusal = Results.Json(new { message }, statusCode: status);
    }

    /// <summary>The answer to a body that could not be read (400, or 413 past 64 KB); <see langword="null"/> when it was read.</summary>
    public IResult? Refusal { get; }

    /// <summary>The <c>data</c> member of a JSON body (a session update's payload).</summary>
    public JsonNode? Data { get; }

    public string? this[string name] => _fields.GetValueOrDefault(name);

    /// <summary>Whether the caller asked for <c>{ url }</c> JSON instead of a redirect (<c>json=true</c>).</summary>
    public bool WantsJson => string.Equals(this["json"], "true", StringComparison.OrdinalIgnoreCase);

    /// <summary>
    /// Reads the body. A body that is not a form or JSON object that can be read (malformed, a JSON key given twice, another
    /// content type) gives a form with a 400 <see cref="Refusal"/>, one over 64 KB a 413. A request without a body has no fields.
    /// </summary>
    public static async Task<AuthRequestForm> ReadAsync(HttpRequest request)
    {
        if (request.ContentLength is > MaxBodyBytes)
        {
            return TooLarge;
        }

        if (request.HttpContext.Features.Get<IHttpMaxRequestBodySizeFeature>() is { IsReadOnly: false } limit)
        {
            limit.MaxRequestBodySize = MaxBodyBytes;
        }

        try
        {
            if (request.HasFormContentType)
            {
                return new AuthRequestForm(await ReadFormFieldsAsync(request), data: null);
            }

            if (request.HasJsonContentType())
            {
                // The parser leaves the bytes of strings unchecked until they are read; invalid UTF-8 anywhere is a malformed body.
                using var body = new MemoryStream();
                await request.Body.CopyToAsync(body, request.HttpContext.RequestAborted);
                var utf8 = body.GetBuffer().AsMemory(0, (int)body.Length);
                return System.Text.Unicode.Utf8.IsValid(utf8.Span) && JsonNode.Parse(utf8.Span, documentOptions: JsonOptions) is JsonObject json
                    ? new AuthRequestForm(json.Where(p => p.Value is JsonValue).ToDictionary(p => p.Key, p => p.Value!.GetValueKind() == JsonValueKind.String ? p.Value.GetValue<string>() : p.Value.ToJsonString()), json["data"])
                    : Unreadable;
            }

            return request.ContentLength is null or 0 && !request.Headers.ContentType.Any() ? Empty : Unreadable;
        }
        catch (BadHttpRequestException exception) when (exception.StatusCode == StatusCodes.Status413PayloadTooLarge)
        {
            return TooLarge;
        }
        catch (Exception exception) when (exception is InvalidDataException or JsonException or IOException or BadHttpRequestException or ArgumentException)
        {
            return Unreadable;
        }
    }

    private static async Task<Dictionary<string, string>> ReadFormFieldsAsync(HttpRequest request)
    {
        if (request.ContentType?.StartsWith("application/x-www-form-urlencoded", StringComparison.OrdinalIgnoreCase) != true)
        {
            var form = await request.ReadFormAsync();
            return form.ToDictionary(f => f.Key, f => f.Value.ToString());
        }

        // The framework's pipe reader refuses a whole form for one NUL in one value; this reader keeps such values,
        // so a stray byte in callbackUrl falls back to the site's root instead of failing the sign-in.
        using var reader = new FormReader(request.Body) { ValueCountLimit = 64, KeyLengthLimit = 256, ValueLengthLimit = MaxBodyBytes };
        var fields = await reader.ReadFormAsync(request.HttpContext.RequestAborted);
        return fields.ToDictionary(f => f.Key, f => f.Value.ToString());
    }
}
