using System.Globalization;
using System.Text.Json;
using System.Text.Json.Serialization;

namespace AuthSite.AspNetCore;

/// <summary>Writes timestamps the way JavaScript's <c>toISOString()</c> does (<c>2024-01-31T10:00:00.000Z</c>), as NextAuth clients expect.</summary>
internal sealed class UtcTimestampJsonConverter : JsonConverter<DateTimeOffset>
{
    public override DateTimeOffset Read(ref Utf8JsonReader reader, Type typeToConvert, JsonSerializerOptions options) =>
        DateTimeOffset.Parse(reader.GetString()!, CultureInfo.InvariantCulture, DateTimeStyles.AssumeUniversal);

    public override void Write(Utf8JsonWriter writer, DateTimeOffset value, JsonSerializerOptions options) =>
        writer.WriteStringValue(value.UtcDateTime.ToString("yyyy-MM-dd'T'HH:mm:ss.fff'Z'", CultureInfo.InvariantCulture));
}
