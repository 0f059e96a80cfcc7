namespace Encore.Core.Evaluation.Reports;

/// <summary>The seed's own numbers (docs/seed.md §5.7), printed beside a seed-protocol run for comparison.</summary>
internal static class SeedReference
{
    public const string Markdown = """
        | seed model | Encore model | users evaluated | precision@5 | recall@5 | f1@5 | novelty@5 | coverage | other |
        |---|---|---:|---:|---:|---:|---:|---:|---|
        | Random | random | 10,000 | 0.0 | 0.0 | NaN | – | – | |
        | Top-100 popular | top_popular | 10,000 | 0.00124 | 0.001168 | 0.001203 | – | – | cold users: coverage 0.38, 1.819 mean hits, 5.63% of events matched |
        | ALS (50 per user) | als | 661,812 | 0.002216 | 0.003603 | 0.002745 | 0.791541 | 0.004090 | |
        | CatBoost final (50 per user) | recommendations | 661,812 | 0.002211 | 0.003582 | 0.002734 | 0.780673 | 0.003977 | |

        The seed ran on the full Yandex Music data (docs/seed.md §1) with every third listen kept; numbers from generated
        data are not expected to match, only to be computed the same way.
        """;
}
