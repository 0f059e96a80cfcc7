using System.Text;
using System.Text.Encodings.Web;
using System.Text.Json;
using Encore.Core.Config;

namespace Encore.Core.Pipeline;

/// <summary>
/// The pipeline's own records (step states, pipeline.json): snake_case JSON, two-space indent, "\n" line ends,
/// written whole or not at all (a temporary file next to the target, then a rename).
/// </summary>
internal static class RecordJson
{
    public static readonly JsonSerializerOptions Options = new()
    {
        PropertyNamingPolicy = JsonNamingPolicy.SnakeCaseLower,
        WriteIndented = true,
        IndentSize = 2,
        NewLine = "\n",
        Encoder = JavaScriptEncoder.UnsafeRelaxedJsonEscaping,
        Converters = { new OptionValueConverter() },
    };

    /// <exception cref="EncoreException">The directory cannot be written.</exception>
    public static void Write<T>(string path, T value)
    {
        var temporary = $"{path}.{Environment.ProcessId}.tmp";
        try
        {
            Directory.CreateDirectory(Path.GetDirectoryName(path)!);
            File.WriteAllText(temporary, JsonSerializer.Serialize(value, Options) + "\n", new UTF8Encoding(false));
            File.Move(temporary, path, overwrite: true);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            File.Delete(temporary);
            throw new EncoreException($"{path}: cannot be written: {e.Message}", e);
        }
    }

    /// <summary>The record in <paramref name="path"/>, or null when it is missing or unreadable.</summary>
    public static T? TryRead<T>(string path)
        where T : class
    {
        try
        {
            return JsonSerializer.Deserialize<T>(File.ReadAllText(path), Options);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException or JsonException or NotSupportedException)
        {
            return null;
        }
    }
}
