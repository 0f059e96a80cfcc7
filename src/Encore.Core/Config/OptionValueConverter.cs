using System.Text.Json;
using System.Text.Json.Serialization;

namespace Encore.Core.Config;

/// <summary>
/// Enums in JSON as <see cref="OptionValues"/> spells them; numbers and other spellings are refused with a
/// <see cref="JsonException"/>, which <see cref="ConfigJson.Bind{T}"/> turns into a message naming the key.
/// </summary>
internal sealed class OptionValueConverter : JsonConverterFactory
{
    public override bool CanConvert(Type typeToConvert) => typeToConvert.IsEnum;

    public override JsonConverter CreateConverter(Type typeToConvert, JsonSerializerOptions options) =>
        (JsonConverter)Activator.CreateInstance(typeof(Converter<>).MakeGenericType(typeToConvert))!;

    private sealed class Converter<TEnum> : JsonConverter<TEnum>
        where TEnum : struct, Enum
    {
        public override TEnum Read(ref Utf8JsonReader reader, Type typeToConvert, JsonSerializerOptions options)
        {
            if (reader.TokenType == JsonTokenType.String && OptionValues.TryParse(typeof(TEnum), reader.GetString(), out var value))
            {
                return (TEnum)value!;
            }

            throw new JsonException($"Not one of {OptionValues.Describe<TEnum>()}.");
        }

        public override void Write(Utf8JsonWriter writer, TEnum value, JsonSerializerOptions options) =>
            writer.WriteStringValue(OptionValues.Name(value));
    }
}
