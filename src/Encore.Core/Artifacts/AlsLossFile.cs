using System.Globalization;
using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;

namespace Encore.Core.Artifacts;

/// <summary>
/// als_loss.json: ALS's training loss (implicit's, <c>AlsLoss</c>) after each iteration, in iteration order. Train
/// writes it only when <c>calculate_loss</c> is on, since the loss costs a pass over the matrix per iteration; the
/// report draws it. The loss does not depend on the thread count, so the file's bytes are the same on every run.
/// </summary>
public static class AlsLossFile
{
    public const int FormatVersion = 1;

    /// <summary>Writes <paramref name="losses"/> (one per iteration, the first iteration first).</summary>
    public static void Write(string path, IReadOnlyList<double> losses)
    {
        ArgumentNullException.ThrowIfNull(losses);
        var json = new JsonObject
        {
            ["format_version"] = FormatVersion,
            ["loss"] = new JsonArray([.. losses.Select(l => double.IsFinite(l) ? JsonValue.Create(l) : null)]),
        };
        File.WriteAllText(path, json.ToJsonString(new JsonSerializerOptions { WriteIndented = true }) + "\n", new UTF8Encoding(false));
    }

    /// <summary>The losses of an als_loss.json, or null when <paramref name="path"/> does not exist.</summary>
    /// <exception cref="EncoreException">The file is not an als_loss.json.</exception>
    public static IReadOnlyList<double>? ReadIfExists(string path)
    {
        if (!File.Exists(path))
        {
            return null;
        }

        try
        {
            var root = JsonNode.Parse(File.ReadAllText(path)) as JsonObject ?? throw Invalid(path, "not a JSON object");
            var losses = root["loss"] as JsonArray ?? throw Invalid(path, "no 'loss' array");
            return [.. losses.Select(node => node is null ? double.NaN : node.GetValue<double>())];
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException or JsonException or InvalidOperationException or FormatException)
        {
            throw new EncoreException($"{path}: not a readable {ArtifactFiles.AlsLoss} ({e.Message}).", e);
        }
    }

    private static EncoreException Invalid(string path, string why) =>
        new(string.Create(CultureInfo.InvariantCulture, $"{path}: not a readable {ArtifactFiles.AlsLoss} ({why})."));
}
