using System.Security.Cryptography;
using System.Text;
using Encore.Core.Config;

namespace Encore.Core.Pipeline;

/// <summary>
/// What a step's result depends on: SHA-256 over the format version, the step's name, its parameters as compact JSON
/// and the name and SHA-256 of each input. Equal fingerprints mean the step would write the same outputs again.
/// </summary>
internal static class StepFingerprint
{
    /// <summary>Bump when a step's outputs change for the same inputs (a new artifact format), so every step reruns.</summary>
    public const int FormatVersion = 1;

    public static string Of(IPipelineStep step, IReadOnlyList<FileRecord> inputs)
    {
        var text = new StringBuilder();
        text.Append("encore-pipeline ").Append(FormatVersion).Append('\n');
        text.Append("step ").Append(step.Name).Append('\n');
        text.Append("parameters ").Append(ConfigJson.Compact(step.Parameters)).Append('\n');
        foreach (var input in inputs)
        {
            text.Append("input ").Append(input.File).Append(' ').Append(input.Sha256).Append('\n');
        }

        return Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(text.ToString())));
    }
}
