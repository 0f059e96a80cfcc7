using System.Globalization;
using System.Text.Json;
using System.Text.Json.Serialization;

namespace Encore.Server.Apis;

/// <summary>
/// A user or track id as the REST API shows it: <paramref name="Value"/>, the int id the set's files hold, and, on a
/// set trained on string ids, <paramref name="Original"/>, the id as the imported log wrote it. JSON gets the original
/// string when there is one and the number otherwise, so a set of integer ids answers exactly as it always did. Made
/// only by <see cref="ExternalIds"/>.
/// </summary>
[JsonConverter(typeof(ExternalIdJsonConverter))]
public readonly record struct ExternalId(long Value, string? Original = null)
{
    /// <summary>The id as messages name it: the original string, or the number.</summary>
    public override string ToString() => Original ?? Value.ToString(CultureInfo.InvariantCulture);
}

/// <summary>Writes an <see cref="ExternalId"/> as a JSON string (its original) or a number; reads either back.</summary>
public sealed class ExternalIdJsonConverter : JsonConverter<ExternalId>
{
    public override ExternalId Read(ref Utf8JsonReader reader, Type typeToConvert, JsonSerializerOptions options) =>
        reader.TokenType == JsonTokenType.String
            ? new ExternalId(ExternalIds.Unknown, reader.GetString())
            : new ExternalId(reader.GetInt64());

    public override void Write(Utf8JsonWriter writer, ExternalId value, JsonSerializerOptions options)
    {
        ArgumentNullException.ThrowIfNull(writer);
        if (value.Original is { } original)
        {
            writer.WriteStringValue(original);
        }
        else
        {
            writer.WriteNumberValue(value.Value);
        }
    }
}

/// <summary>The OpenAPI schema of an <see cref="ExternalId"/>: an integer, or a string on a set trained on string ids.</summary>
internal static class ExternalIdSchema
{
    public static Task DescribeAsync(
        Microsoft.OpenApi.OpenApiSchema schema, Microsoft.AspNetCore.OpenApi.OpenApiSchemaTransformerContext context, CancellationToken cancellationToken)
    {
        if (context.JsonTypeInfo.Type == typeof(ExternalId))
        {
            schema.Type = Microsoft.OpenApi.JsonSchemaType.Integer | Microsoft.OpenApi.JsonSchemaType.String;
            schema.Format = null;
            schema.Description =
                "An id: an integer, or, on a set trained on string ids (encore import), the original string (docs/service.md).";
        }

        return Task.CompletedTask;
    }
}
