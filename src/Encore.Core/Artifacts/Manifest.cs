using System.Globalization;
using System.Security.Cryptography;
using System.Text.Json;

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
/// was written (rows, hashes) and how long each step took. Keys come in a fixed order, "\n" line ends.
/// </summary>
public sealed record Manifest(
    DateTime CreatedUtc,
    string DataDirectory,
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
            json.WriteString("directory", DataDirectory);
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

    private static void WriteValue(Utf8JsonWriter json, string name, object value)
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
