using Encore.Core.Linalg;

namespace Encore.Core.Models.Als;

/// <summary>
/// Where <see cref="AlsRecommender.Fit(Data.Interactions.SparseMatrix, AlsWarmStart?, IProgress{ProgressUpdate}?, Action{AlsIteration}?, CancellationToken)"/>
/// starts instead of random factors: the factors of a model fitted on part of the same listens (the ranker's fit part),
/// row-mapped onto the new matrix. Rows without a match (users or items first heard after that part) start random,
/// as in a cold fit; then <paramref name="Iterations"/> iterations run over the whole matrix.
/// </summary>
/// <param name="Users">The earlier model's users×factors.</param>
/// <param name="Items">The earlier model's items×factors (same factor count).</param>
/// <param name="UserRows">Per user row of the new matrix, its row in <paramref name="Users"/> or −1.</param>
/// <param name="ItemRows">Per item row of the new matrix, its row in <paramref name="Items"/> or −1.</param>
/// <param name="Iterations">Iterations to run from there (≥ 1), instead of <see cref="AlsOptions.Iterations"/>.</param>
public sealed record AlsWarmStart(FactorMatrix Users, FactorMatrix Items, int[] UserRows, int[] ItemRows, int Iterations)
{
    /// <summary>Copies the mapped rows' first <paramref name="f"/> factors into <paramref name="users"/> and <paramref name="items"/>.</summary>
    internal void Apply(FactorMatrix users, FactorMatrix items, int f)
    {
        if (UserRows.Length != users.Rows || ItemRows.Length != items.Rows)
        {
            throw new ArgumentException(
                $"The warm start maps {UserRows.Length}×{ItemRows.Length} rows, but the matrix is {users.Rows}×{items.Rows}.");
        }

        if (Users.Columns != f || Items.Columns != f)
        {
            throw new ArgumentException($"The warm start has {Users.Columns} factors; the model has {f}.");
        }

        Copy(Users, UserRows, users, f);
        Copy(Items, ItemRows, items, f);
    }

    private static void Copy(FactorMatrix from, int[] rows, FactorMatrix to, int f)
    {
        for (var r = 0; r < rows.Length; r++)
        {
            if (rows[r] >= 0)
            {
                from.Row(rows[r])[..f].CopyTo(to.Row(r)[..f]);
            }
        }
    }
}
