using System.Globalization;
using Encore.Core;

namespace Encore.Benchmarks.Service;

/// <summary>
/// <c>service-artifacts --out DIR [--users N] [--recommendations N] [--tracks N] [--similar-sources N]
/// [--similar-items N] [--popular N] [--seed N]</c>: the artifact set the service load benchmark serves.
/// </summary>
public static class ServiceArtifactsCommand
{
    public const string Name = "service-artifacts";

    public static int Run(ReadOnlySpan<string> args)
    {
        try
        {
            string? output = null;
            var sizes = new ServiceArtifactSizes();
            for (var i = 0; i < args.Length; i++)
            {
                var value = i + 1 < args.Length ? args[i + 1] : throw new EncoreException($"{args[i]}: a value is missing.");
                sizes = args[i] switch
                {
                    "--out" => sizes,
                    "--users" => sizes with { Users = Number(args[i], value) },
                    "--recommendations" => sizes with { Recommendations = Number(args[i], value) },
                    "--tracks" => sizes with { Tracks = Number(args[i], value) },
                    "--similar-sources" => sizes with { SimilarSources = Number(args[i], value) },
                    "--similar-items" => sizes with { SimilarItems = Number(args[i], value) },
                    "--popular" => sizes with { Popular = Number(args[i], value) },
                    "--seed" => sizes with { Seed = (ulong)Number(args[i], value) },
                    _ => throw new EncoreException($"{args[i]}: unknown option of {Name}."),
                };
                output = args[i] == "--out" ? value : output;
                i++;
            }

            ServiceArtifacts.Write(output ?? throw new EncoreException("--out: give the output directory."), sizes, Console.Out);
            return 0;
        }
        catch (EncoreException e)
        {
            Console.Error.WriteLine($"error: {e.Message}");
            return 1;
        }
    }

    private static int Number(string option, string value) =>
        int.TryParse(value, NumberStyles.None, CultureInfo.InvariantCulture, out var number)
            ? number
            : throw new EncoreException($"{option}: '{value}' is not a non-negative whole number.");
}
