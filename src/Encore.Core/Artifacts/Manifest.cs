using System.Globalization;
using System.Security.Cryptography;
using System.Text.Json;
using Encore.Core.Config;

namespace Encore.Core.Artifacts;

/// <summary>One file of a manifest: its name, rows (artifacts only), SHA-256 and size.</summary>
public sealed record ManifestFile(string File, long? Rows, string Sha256, long Bytes)
{
    /// <summary>Hashes <paramref name="path"/>; the manifest names it by <paramref name="name"/>.</summary>
    public static ManifestFile Of(string path, string name, long? rows = null)
    {
        using var stream = new FileStream(path, FileMode.Open, FileAccess.Read, FileShare.Read, 1 << 20);
        var hash = SHA256.HashData(stream);
        return new ManifestFile(name, rows, Convert.ToHexStringLower(hash), stream.Length);
    }
}

/// <summary>
/// manifest.json of an artifacts directory: what was trained from which inputs (hashes), with which parameters, what
/// was written (rows, hashes) and how long each step took. Keys come in a fixed order, "\n" line ends. It names files
/// by their names only, never by a path: a set is the same wherever it is copied, published or fetched to.
/// </summary>
public sealed record Manifest(
    DateTime CreatedUtc,
    DateOnly SplitDate,
    IReadOnlyList<ManifestFile> Inputs,
    IReadOnlyList<KeyValuePair<string, object>> Parameters,
    IReadOnlyList<ManifestFile> Artifacts,
    IReadOnlyList<KeyValuePair<string, double>> TimingsSeconds)
{
    public const int FormatVersion = 1;

    /// <summary>Writes the manifest to <paramref name="path"/>.</summary>
    public void Write(string path)
    {
        using var stream = File.Create(path);
        using (var json = new Utf8JsonWriter(stream, new JsonWriterOptions { Indented = true, NewLine = "\n" }))
        {
            json.WriteStartObject();
            json.WriteNumber("format_version", FormatVersion);
            json.WriteString("created_utc", CreatedUtc.ToUniversalTime().ToString("yyyy-MM-ddTHH:mm:ssZ", CultureInfo.InvariantCulture));
            json.WriteStartObject("data");
            json.WriteString("split_date", SplitDate.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture));
            WriteFiles(json, "inputs", Inputs);
            json.WriteEndObject();
            json.WriteStartObject("parameters");
            foreach (var (name, value) in Parameters)
            {
                WriteValue(json, name, value);
            }

            json.WriteEndObject();
            WriteFiles(json, "artifacts", Artifacts);
            json.WriteStartObject("timings_s");
            foreach (var (name, seconds) in TimingsSeconds)
            {
                json.WriteNumber(name, Math.Round(seconds, 3));
            }

            json.WriteEndObject();
            json.WriteEndObject();
        }

        stream.WriteByte((byte)'\n');
    }

    /// <summary>
    /// Reads a manifest written by <see cref="Write"/>. Parameter values come back as <see cref="long"/>,
    /// <see cref="double"/>, <see cref="bool"/> or <see cref="string"/>; keys and values an earlier version spelled
    /// otherwise come back as they are spelled now (<see cref="LegacySpellings"/>).
    /// </summary>
    /// <exception cref="EncoreException">The file is missing, not JSON, or lacks a field (named in the message).</exception>
    public static Manifest Read(string path)
    {
        if (!File.Exists(path))
        {
            throw new EncoreException($"{path}: file not found (run 'encore train' first).");
        }

        try
        {
            using var document = JsonDocument.Parse(File.ReadAllBytes(path));
            var root = document.RootElement;
            var version = Field(root, "format_version", path).GetInt32();
            if (version != FormatVersion)
            {
                throw new EncoreException($"{path}: manifest format_version {version}; this build reads version {FormatVersion}.");
            }

            // Manifests written before sets were self-contained also hold data.directory, the training machine's
            // absolute path: it is ignored, nothing loads from it.
            var data = Field(root, "data", path);
            var parameters = new List<KeyValuePair<string, object>>();
            foreach (var property in Field(root, "parameters", path).EnumerateObject())
            {
                var key = LegacySpellings.Key(property.Name);
                parameters.Add(new(key, LegacySpellings.Value(key, ValueOf(property.Value))));
            }

            var timings = new List<KeyValuePair<string, double>>();
            foreach (var property in Field(root, "timings_s", path).EnumerateObject())
            {
                timings.Add(new(property.Name, property.Value.GetDouble()));
            }

            return new Manifest(
                DateTime.Parse(Field(root, "created_utc", path).GetString()!, CultureInfo.InvariantCulture, DateTimeStyles.AdjustToUniversal),
                DateOnly.ParseExact(Field(data, "split_date", path).GetString()!, "yyyy-MM-dd", CultureInfo.InvariantCulture),
                ReadFiles(Field(data, "inputs", path), path),
                parameters,
                ReadFiles(Field(root, "artifacts", path), path),
                timings);
        }
        catch (Exception e) when (e is JsonException or FormatException or InvalidOperationException or KeyNotFoundException)
        {
            throw new EncoreException($"{path}: not a valid manifest ({e.Message}).", e);
        }
    }

    /// <summary>The value of parameter <paramref name="name"/>, or null.</summary>
    public object? Parameter(string name)
    {
        foreach (var (key, value) in Parameters)
        {
            if (string.Equals(key, name, StringComparison.Ordinal))
            {
                return value;
            }
        }

        return null;
    }

    private static JsonElement Field(JsonElement element, string name, string path) =>
        element.TryGetProperty(name, out var value) ? value : throw new EncoreException($"{path}: manifest field '{name}' is missing.");

    private static List<ManifestFile> ReadFiles(JsonElement array, string path)
    {
        var files = new List<ManifestFile>();
        foreach (var file in array.EnumerateArray())
        {
            files.Add(new ManifestFile(
                Field(file, "file", path).GetString()!,
                file.TryGetProperty("rows", out var rows) ? rows.GetInt64() : null,
                Field(file, "sha256", path).GetString()!,
                Field(file, "bytes", path).GetInt64()));
        }

        return files;
    }

    private static object ValueOf(JsonElement value) => value.ValueKind switch
    {
        JsonValueKind.Number when value.TryGetInt64(out var l) => l,
        JsonValueKind.Number => value.GetDouble(),
        JsonValueKind.True => true,
        JsonValueKind.False => false,
        _ => value.ToString(),
    };

    private static void WriteFiles(Utf8JsonWriter json, string name, IReadOnlyList<ManifestFile> files)
    {
        json.WriteStartArray(name);
        foreach (var file in files)
        {
            json.WriteStartObject();
            json.WriteString("file", file.File);
            if (file.Rows is { } rows)
            {
                json.WriteNumber("rows", rows);
            }

            json.WriteString("sha256", file.Sha256);
            json.WriteNumber("bytes", file.Bytes);
            json.WriteEndObject();
        }

        json.WriteEndArray();
    }

    internal static void WriteValue(Utf8JsonWriter json, string name, object value)
    {
        switch (value)
        {
            case int i:
                json.WriteNumber(name, i);
                break;
            case long l:
                json.WriteNumber(name, l);
                break;
            case float f:
                json.WriteNumber(name, (double)(decimal)f);
                break;
            case double d:
                json.WriteNumber(name, d);
                break;
            case bool b:
                json.WriteBoolean(name, b);
                break;
            default:
                json.WriteString(name, Convert.ToString(value, CultureInfo.InvariantCulture));
                break;
        }
    }
}
